/* resolve.c - the program's names: declaring them in the one namespace
 * (a program may redefine the prelude's), the locals a statement sees,
 * whether a name in an expression is visible where it stands, and 'did
 * you mean' for one that is not.  Separate because every pass asks it. */
#include "checker.h"

#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "xalloc.h"

void resolve_push_local(checker *c, const char *name)
{
    c->locals = xgrow(c->locals, &c->caplocals, c->nlocals + 1, sizeof *c->locals);
    c->locals[c->nlocals++] = name;
    symtab_add(&c->ever_local, name, SYM_NONE, 0, (loc){0});
}

int resolve_local_visible(const checker *c, const char *name)
{
    if (!symtab_get(&c->ever_local, name))
        return 0;               /* the common case of a global name, kept linear */
    for (int i = c->nlocals - 1; i >= 0; i--)
        if (strcmp(c->locals[i], name) == 0)
            return 1;
    return 0;
}

/* "did you mean" over every name a statement could see.  Only for an error
 * that is shown: a program with thousands of unknown names would otherwise
 * take time quadratic in its size. */
void resolve_suggest(checker *c, const char *name, int skills_only)
{
    if (!c->d->last_shown)
        return;                 /* past the errors shown: its note would not be either */
    long names = (long)c->nlocals + c->ir->names.cap;   /* the slots it walks */
    if (names > c->suggest_budget)
        return;
    c->suggest_budget -= names;
    const char *best = NULL;
    const char **cands = NULL;
    int n = 0, cap = 0;
    if (!skills_only)
        for (int i = 0; i < c->nlocals; i++) {
            cands = xgrow(cands, &cap, n + 1, sizeof *cands);
            cands[n++] = c->locals[i];
        }
    const symtab *t = &c->ir->names;
    for (int i = 0; i < t->cap; i++)
        if (t->slots[i].name && (!skills_only || t->slots[i].kind == SYM_SKILL)) {
            cands = xgrow(cands, &cap, n + 1, sizeof *cands);
            cands[n++] = t->slots[i].name;
        }
    if (!skills_only)
        for (const char *const *b = builtin_names(); *b; b++) {
            cands = xgrow(cands, &cap, n + 1, sizeof *cands);
            cands[n++] = *b;
        }
    best = diag_suggest(name, cands, n);
    if (best)
        diag_note(c->d, NULL, "did you mean '%s'?", best);
    free(cands);
}

int resolve_declare(checker *c, const char *name, loc at, sym_kind kind, int index)
{
    symbol *old = (symbol *)symtab_add(&c->ir->names, name, kind, index, at);
    if (old->kind == kind && old->index == index)
        return 1;
    if (old->at.src == c->prelude && at.src != c->prelude) {
        old->kind = kind;       /* a program may redefine the prelude's names */
        old->index = index;
        old->at = at;
        return 1;
    }
    /* The error goes to whichever declaration comes later in the text. */
    int old_later = old->at.src == at.src && old->at.off > at.off;
    loc later = old_later ? old->at : at, earlier = old_later ? at : old->at;
    sym_kind first = old_later ? kind : old->kind;
    diag_error(c->d, later, "'%s' is already declared", name);
    diag_note(c->d, &earlier, "'%s' was declared here as %s", name, sym_kind_name(first));
    return 0;
}

void resolve_declare_stmt(checker *c, ast_stmt *s, ast_vec *exec)
{
    ir_program *ir = c->ir;
    switch (s->kind) {
    case S_PARAM: {
        int cap = ir->nparams;
        ir->params = xgrow(ir->params, &cap, ir->nparams + 1, sizeof *ir->params);
        ir_param *p = &ir->params[ir->nparams];
        memset(p, 0, sizeof *p);
        p->name = s->name;
        p->at = s->name_loc;
        p->init = s->value;
        if (resolve_declare(c, s->name, s->name_loc, SYM_PARAM, ir->nparams))
            ir->nparams++;
        return;
    }
    case S_SKILL:
        ast_vec_push(c->a, &c->skill_decls, s);
        return;
    case S_MODEL: {
        int cap = ir->nmodels;
        ir->models = xgrow(ir->models, &cap, ir->nmodels + 1, sizeof *ir->models);
        ir_model *m = &ir->models[ir->nmodels];
        memset(m, 0, sizeof *m);
        m->kind = s->u.model.kind;
        m->name = s->name;
        m->at = s->name_loc;
        m->settings = s->u.model.settings;
        if (resolve_declare(c, s->name, s->name_loc, SYM_MODEL, ir->nmodels))
            ir->nmodels++;
        return;
    }
    case S_DEF: {
        int cap = ir->ndefs;
        ir->defs = xgrow(ir->defs, &cap, ir->ndefs + 1, sizeof *ir->defs);
        ir->defs[ir->ndefs] = s;
        if (resolve_declare(c, s->name, s->name_loc, SYM_DEF, ir->ndefs))
            ir->ndefs++;
        return;
    }
    case S_OPTIMIZER:
        if (resolve_declare(c, s->name, s->name_loc, SYM_OPT, -1 - ir->nopts))
            ast_vec_push(c->a, exec, s);    /* registered when check_stmt reaches it */
        return;
    default:
        ast_vec_push(c->a, exec, s);
    }
}

int resolve_optimizer_kind(checker *c, const char *name)
{
    const builtin *b = builtin_find(name);
    return b && b->kind == BI_OPTIMIZER && !symtab_get(&c->ir->names, name) &&
           !resolve_local_visible(c, name);
}

/* The script's top-level `let NAME`, or NULL. */
static const ast_stmt *script_let(const checker *c, const char *name)
{
    for (int i = 0; c->script && i < c->script->n; i++) {
        const ast_stmt *s = c->script->items[i];
        if (s->kind == S_LET && strcmp(s->name, name) == 0)
            return s;
    }
    return NULL;
}

/* A let named in a declaration, which is fixed before any let is set:
 * reports it with what the declaration may use instead, and returns 1. */
static int let_in_declaration(checker *c, const ast_expr *e, int ctx)
{
    static const struct { int ctx; const char *what, *may_use; } decls[] = {
        {CTX_MODEL, "model settings", "model settings may use parameters, numbers and builtins"},
        {CTX_SKILL, "skill declarations",
         "a skill's frequency and gate may use parameters, functions, numbers and builtins"},
        {CTX_PARAM, "parameter values", "a parameter's value may use other parameters, numbers and builtins"},
        {CTX_DEF, "functions", "a function may use its arguments, parameters, numbers and builtins"},
    };
    const ast_stmt *let = NULL;
    for (size_t k = 0; k < sizeof decls / sizeof *decls; k++) {
        if (!(ctx & decls[k].ctx) || !(let = script_let(c, e->u.name)))
            continue;
        diag_error(c->d, e->at, "%s cannot use '%s': it is a 'let', set only when the script runs",
                   decls[k].what, e->u.name);
        diag_note(c->d, &let->name_loc, "'%s' is set here", e->u.name);
        diag_hint(c->d, "%s; write 'param %s = ...' instead of 'let %s = ...'", decls[k].may_use,
                  e->u.name, e->u.name);
        return 1;
    }
    return 0;
}

void resolve_name(checker *c, const ast_expr *e, int ctx)
{
    const char *name = e->u.name;
    if (resolve_local_visible(c, name) || symtab_get(&c->ir->names, name) || builtin_find(name))
        return;
    if (strcmp(name, "t") == 0 && (ctx & CTX_T))
        return;
    if (strcmp(name, "i") == 0 && (ctx & CTX_FAMILY))
        return;
    if (let_in_declaration(c, e, ctx))
        return;
    if (c->open_columns)
        return;                 /* perhaps a column of a table the text does not describe */
    diag_error(c->d, e->at, "undefined name '%s'", name);
    if (strcmp(name, "t") == 0)
        diag_hint(c->d, "the time 't' exists only in frequencies, gates, learning-rate schedules and "
                  "a resource model's eta and N0");
    else if (strcmp(name, "i") == 0)
        diag_hint(c->d, "'i' is the member index inside a skill family's expressions");
    else
        resolve_suggest(c, name, 0);
}

const symbol *resolve_model(checker *c, const ast_expr *e)
{
    if (e->kind != E_NAME || resolve_local_visible(c, e->u.name))
        return NULL;
    const symbol *s = symtab_get(&c->ir->names, e->u.name);
    return s && s->kind == SYM_MODEL ? s : NULL;
}
