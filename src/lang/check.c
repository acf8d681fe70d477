#include "check.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtins.h"
#include "datadir.h"
#include "eval.h"
#include "numfmt.h"
#include "optim.h"
#include "parse.h"
#include "prelude.h"
#include "run.h"
#include "settings.h"
#include "xalloc.h"

enum { MAX_IMPORT_DEPTH = 32, MAX_FAMILY = 1000000 };

/* What an expression may read, by where it stands; the declarations
 * fixed before the script runs (CTX_MODEL ... CTX_DEF) cannot read lets. */
enum { CTX_T = 1, CTX_STATE = 2, CTX_FAMILY = 4, CTX_MODEL = 8, CTX_SKILL = 16, CTX_PARAM = 32,
       CTX_DEF = 64 };

typedef struct checker {
    ir_program *ir;
    diag *d;
    arena *a;
    eval_ctx ev;
    ast_vec skill_decls;        /* ast_stmt* */
    const ast_vec *script;      /* the statements the script runs (ast_stmt*) */
    ast_vec loaded;             /* canonical paths of imported files */
    const source *prelude;
    const char **locals;        /* names visible in statements, innermost last */
    int nlocals, caplocals;
    symtab ever_local;          /* every name pushed on locals: others need no search */
    int in_sweep;
    int import_depth;
    int usage_error;            /* a bad -D: exit status 2, not 65 */
    int placeholders;           /* names optimizer_lookup stood in for */
    int params_assigned;        /* an assignment seen: parameters may differ from here on */
    int repl;                   /* the REPL's input: assigning a parameter checks the program again */
    ast_vec known_runs;         /* ast_expr* runs whose model and counts are known now */
    int stdlib_only;            /* check_options.stdlib_only */
    const ast_expr *bad_family_freq;    /* reported at one member: not again at the others */
    const ast_expr *bad_family_gate;
    const ast_stmt *bad_family_needs;   /* the same for a family's `needs` */
    long suggest_budget;        /* names 'did you mean' may still compare */
    dist_cache cache;           /* families' normalising sums */
} checker;

/* Each shown error compares its name with every name in scope; with a
 * family of a million members that is a million comparisons an error.
 * Past this many in all, errors get no 'did you mean', so that checking
 * stays fast whatever the input (every suggestion for up to 80 000 names). */
enum { SUGGEST_BUDGET = 4000000 };

static void checker_init(checker *c, ir_program *ir, diag *d, ir_param *params)
{
    memset(c, 0, sizeof *c);
    c->ir = ir;
    c->d = d;
    c->a = ir->a;
    c->ev.ir = ir;
    c->ev.params = params;
    c->ev.d = d;
    c->suggest_budget = SUGGEST_BUDGET;
    symtab_init(&c->ever_local);
}

static void checker_free(checker *c)
{
    free(c->locals);
    symtab_free(&c->ever_local);
}

/* ---- small helpers ---- */

static void add_source(ir_program *ir, source *s)
{
    int cap = ir->nsources;
    ir->sources = xgrow(ir->sources, &cap, ir->nsources + 1, sizeof *ir->sources);
    ir->sources[ir->nsources++] = s;
}

static void push_local(checker *c, const char *name)
{
    c->locals = xgrow(c->locals, &c->caplocals, c->nlocals + 1, sizeof *c->locals);
    c->locals[c->nlocals++] = name;
    symtab_add(&c->ever_local, name, SYM_NONE, 0, (loc){0});
}

static int local_visible(const checker *c, const char *name)
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
static void suggest(checker *c, const char *name, int skills_only)
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

/* ---- loading: the prelude, the file, its imports ---- */

static void load_stmts(checker *c, ast_vec *out, const ast_program *prog, const char *path);

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    return strndup(path, (size_t)(slash - path) + (slash == path));
}

/* Tries DIR/NAME and DIR/NAME.skill; returns a malloc'd path or NULL. */
static char *try_dir(const char *dir, const char *name)
{
    for (int ext = 0; ext < 2; ext++) {
        size_t n = strlen(dir) + strlen(name) + 8;
        char *p = malloc(n);
        if (!p)
            abort();
        snprintf(p, n, "%s/%s%s", dir, name, ext ? ".skill" : "");
        char *real = realpath(p, NULL);
        free(p);
        struct stat st;
        if (real && stat(real, &st) == 0 && S_ISREG(st.st_mode) && access(real, R_OK) == 0)
            return real;
        free(real);
    }
    return NULL;
}

/* Calls fn(dir, arg) on each folder of SKILL_PATH until it returns non-NULL. */
static char *each_path_dir(char *(*fn)(const char *dir, void *arg), void *arg)
{
    const char *path = getenv("SKILL_PATH");
    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        char *dir = strndup(path, n);
        char *found = n ? fn(dir, arg) : NULL;
        free(dir);
        if (found)
            return found;
        path = colon ? colon + 1 : NULL;
    }
    return NULL;
}

static char *try_path_dir(const char *dir, void *name) { return try_dir(dir, name); }

static char *find_module(const char *name, const char *from_dir, int stdlib_only)
{
    char *found = NULL;
    if (stdlib_only)
        return name[0] == '/' || strstr(name, "..") ? NULL : try_dir(datadir_stdlib(), name);
    if (name[0] == '/')
        return try_dir("", name);
    if ((found = try_dir(from_dir, name)) || (found = each_path_dir(try_path_dir, (void *)name)))
        return found;
    return try_dir(datadir_stdlib(), name);
}

static char *list_path_dir(const char *dir, void *out)
{
    fprintf(out, "%s'%s'", ftell(out) ? ", " : "", dir);
    return NULL;
}

/* The hint of a missing module: every folder searched, in order. */
static void hint_searched(checker *c, const char *name, const char *from_dir)
{
    if (name[0] == '/') {
        diag_hint(c->d, "looked for '%s' and '%s.skill' (an absolute path is not searched for)", name, name);
        return;
    }
    char *dirs = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&dirs, &len);
    if (!out)
        abort();
    each_path_dir(list_path_dir, out);
    fclose(out);
    diag_hint(c->d, "looked for '%s' and '%s.skill' beside the importing file ('%s'), in SKILL_PATH (%s), "
              "then in the standard library ('%s')", name, name, from_dir, len ? dirs : "not set",
              datadir_stdlib());
    diag_hint(c->d, "the standard library's modules are listed in '%s', under STANDARD LIBRARY", datadir_man(5));
    free(dirs);
}

static void import_module(checker *c, ast_vec *out, const ast_stmt *s, const char *from)
{
    const char *name = s->u.import.path;
    if (!name || !*name) {
        diag_error(c->d, s->u.import.path_loc, "an import needs a module name");
        return;
    }
    char *dir = dir_of(from);
    char *path = find_module(name, dir, c->stdlib_only);
    if (!path) {
        diag_error(c->d, s->u.import.path_loc, "cannot find module '%s'", name);
        hint_searched(c, name, dir);
    }
    free(dir);
    if (!path)
        return;
    for (int i = 0; i < c->loaded.n; i++)
        if (strcmp(c->loaded.items[i], path) == 0) {
            free(path);
            return;             /* each module is read once */
        }
    ast_vec_push(c->a, &c->loaded, arena_strdup(c->a, path));
    char err[512];
    source *src = source_read(path, err, sizeof err);
    free(path);
    if (!src) {
        diag_error(c->d, s->u.import.path_loc, "%s", err);
        return;
    }
    add_source(c->ir, src);
    if (++c->import_depth > MAX_IMPORT_DEPTH) {
        diag_error(c->d, s->u.import.path_loc, "imports nest more than %d deep", MAX_IMPORT_DEPTH);
    } else {
        ast_program *prog = parse_program(src, c->a, c->d);
        load_stmts(c, out, prog, src->name);
    }
    c->import_depth--;
}

static void load_stmts(checker *c, ast_vec *out, const ast_program *prog, const char *path)
{
    for (int i = 0; i < prog->stmts.n; i++) {
        ast_stmt *s = prog->stmts.items[i];
        if (s->kind == S_IMPORT)
            import_module(c, out, s, path);
        else
            ast_vec_push(c->a, out, s);
    }
}

int check_is_declaration(const ast_stmt *s)
{
    switch (s->kind) {
    case S_PARAM: case S_SKILL: case S_MODEL: case S_OPTIMIZER: case S_DEF: case S_IMPORT:
        return 1;
    default:
        return 0;
    }
}

/* The REPL's declarations, as if they were appended to the file. */
static void load_more(checker *c, ast_vec *out, const check_options *opt)
{
    for (int k = 0; k < opt->nmore; k++) {
        const ast_program *prog = parse_program(opt->more[k], c->a, c->d);
        ast_program decls = {{NULL, 0, 0}};
        for (int i = 0; i < prog->stmts.n; i++)
            if (check_is_declaration(prog->stmts.items[i]))
                ast_vec_push(c->a, &decls.stmts, prog->stmts.items[i]);
        load_stmts(c, out, &decls, opt->more[k]->name);
    }
}

/* ---- declarations ---- */

static int declare(checker *c, const char *name, loc at, sym_kind kind, int index)
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

static void declare_stmt(checker *c, ast_stmt *s, ast_vec *exec)
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
        if (declare(c, s->name, s->name_loc, SYM_PARAM, ir->nparams))
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
        if (declare(c, s->name, s->name_loc, SYM_MODEL, ir->nmodels))
            ir->nmodels++;
        return;
    }
    case S_DEF: {
        int cap = ir->ndefs;
        ir->defs = xgrow(ir->defs, &cap, ir->ndefs + 1, sizeof *ir->defs);
        ir->defs[ir->ndefs] = s;
        if (declare(c, s->name, s->name_loc, SYM_DEF, ir->ndefs))
            ir->ndefs++;
        return;
    }
    case S_OPTIMIZER:
        if (declare(c, s->name, s->name_loc, SYM_OPT, -1 - ir->nopts))
            ast_vec_push(c->a, exec, s);    /* registered with its call below */
        return;
    default:
        ast_vec_push(c->a, exec, s);
    }
}

/* ---- parameters and -D ---- */

static int apply_define(checker *c, const char *def)
{
    const char *eq = strchr(def, '=');
    if (!eq || eq == def) {
        diag_fail(c->d, "-D expects NAME=VALUE, not '%s'", def);
        return -1;
    }
    char *name = strndup(def, (size_t)(eq - def));
    const symbol *sym = symtab_get(&c->ir->names, name);
    if (!sym || sym->kind != SYM_PARAM) {
        diag_fail(c->d, "-D %s: no parameter named '%s' is declared", def, name);
        const char **cands = malloc(((size_t)c->ir->nparams + 1) * sizeof *cands);
        for (int i = 0; i < c->ir->nparams; i++)
            cands[i] = c->ir->params[i].name;
        const char *near = diag_suggest(name, cands, c->ir->nparams);
        if (near)
            diag_note(c->d, NULL, "did you mean '%s'?", near);
        else
            diag_hint(c->d, "declare it in the file with 'param %s = ...'", name);
        free(cands);
        free(name);
        return -1;
    }
    free(name);
    char label[64];
    snprintf(label, sizeof label, "-D %.*s", (int)(eq - def) > 40 ? 40 : (int)(eq - def), def);
    source *src = source_from_string(label, eq + 1, strlen(eq + 1));
    add_source(c->ir, src);
    ast_expr *e = parse_expression(src, 0, src->len, c->a, c->d);
    value v;
    if (!e || eval_expr(&c->ev, e, &v) != 0)
        return -1;
    ir_param *p = &c->ir->params[sym->index];
    value_release(p->val);
    p->val = v;
    p->state = 2;
    p->fixed = 1;
    return 0;
}

/* ---- names in expressions ---- */

static int optimizer_kind_known(checker *c, const char *name)
{
    const builtin *b = builtin_find(name);
    return b && b->kind == BI_OPTIMIZER && !symtab_get(&c->ir->names, name) &&
           !local_visible(c, name);
}

/* "sgd, signgd, ... or ademamix", from optim.c's table. */
static const char *optimizer_kinds(char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = 0;
    for (int i = 0; optim_at(i) && len < size; i++) {
        const char *sep = i == 0 ? "" : optim_at(i + 1) ? ", " : " or ";
        len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, optim_at(i)->name);
    }
    return buf;
}

static void check_expr(checker *c, const ast_expr *e, int ctx);

/* An optimizer call: its keys are checked and it becomes an IR optimizer. */
static int register_optimizer(checker *c, const ast_expr *e, const char *name, loc at, int ctx)
{
    const builtin *b = builtin_find(e->u.call.fn->u.name);
    const optim_info *info = optim_of_kind((optim_kind)b->id);
    const ast_vec *args = &e->u.call.args;
    ir_optimizer o = {name, at, b->id, b->name, NULL, NULL, NULL, args->n, e};
    o.keys = arena_alloc(c->a, (size_t)(args->n + 1) * sizeof *o.keys);
    o.args = arena_alloc(c->a, (size_t)(args->n + 1) * sizeof *o.args);
    o.arg_asts = arena_alloc(c->a, (size_t)(args->n + 1) * sizeof *o.arg_asts);
    int ok = 1, has_lr = 0;
    for (int i = 0; i < args->n; i++) {
        const ast_setting *a = args->items[i];
        const char *key = a->key ? a->key : i == 0 ? "lr" : NULL;
        int known = key && optim_key_find(info, key);
        for (int j = 0; j < i && known; j++)
            if (strcmp(o.keys[j], key) == 0) {
                diag_error(c->d, a->key_loc, "'%s' is given twice", key);
                ok = 0;
            }
        if (!key) {
            diag_error(c->d, a->value->at, "only the first argument of %s() may be unnamed (it is lr)", b->name);
            ok = 0;
        } else if (!known) {
            diag_error(c->d, a->key_loc, "%s() has no argument '%s'", b->name, key);
            const char *names[16 + 1];
            int nnames = optim_key_names(info, names, 16);
            const char *near = diag_suggest(key, names, nnames);
            if (near)
                diag_note(c->d, NULL, "did you mean '%s'?", near);
            ok = 0;
        }
        has_lr |= key && strcmp(key, "lr") == 0;
        o.keys[i] = key ? key : "?";
        o.arg_asts[i] = a->value;
        check_expr(c, a->value, ctx | CTX_T);
    }
    if (!has_lr && ok) {
        diag_error(c->d, e->at, "%s() needs a learning rate, e.g. %s(lr: 3e-4)", b->name, b->name);
        ok = 0;
    }
    ir_program *ir = c->ir;
    int cap = ir->nopts;
    ir->opts = xgrow(ir->opts, &cap, ir->nopts + 1, sizeof *ir->opts);
    ir->opts[ir->nopts] = o;
    return ok ? ir->nopts++ : (ir->nopts++, -1);
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

static void check_name(checker *c, const ast_expr *e, int ctx)
{
    const char *name = e->u.name;
    if (local_visible(c, name) || symtab_get(&c->ir->names, name) || builtin_find(name))
        return;
    if (strcmp(name, "t") == 0 && (ctx & CTX_T))
        return;
    if (strcmp(name, "i") == 0 && (ctx & CTX_FAMILY))
        return;
    if (let_in_declaration(c, e, ctx))
        return;
    diag_error(c->d, e->at, "undefined name '%s'", name);
    if (strcmp(name, "t") == 0)
        diag_hint(c->d, "the time 't' exists only in frequencies, gates and learning-rate schedules");
    else if (strcmp(name, "i") == 0)
        diag_hint(c->d, "'i' is the member index inside a skill family's expressions");
    else
        suggest(c, name, 0);
}

static void check_call(checker *c, const ast_expr *e, int ctx)
{
    const ast_expr *fn = e->u.call.fn;
    if (fn->kind == E_NAME && optimizer_kind_known(c, fn->u.name)) {
        if (ir_find_inline_opt(c->ir, e) < 0)
            register_optimizer(c, e, NULL, e->at, ctx);
        return;
    }
    check_expr(c, fn, ctx);
    const builtin *b = fn->kind == E_NAME && !local_visible(c, fn->u.name) &&
                       !symtab_get(&c->ir->names, fn->u.name) ? builtin_find(fn->u.name) : NULL;
    int n = e->u.call.args.n;
    if (b && (n < b->min_args || (b->max_args >= 0 && n > b->max_args))) {
        if (b->min_args == b->max_args)
            diag_error(c->d, e->at, "'%s' takes %d argument%s, not %d", b->name, b->min_args,
                       b->min_args == 1 ? "" : "s", n);
        else
            diag_error(c->d, e->at, "'%s' takes at least %d argument%s, not %d", b->name,
                       b->min_args, b->min_args == 1 ? "" : "s", n);
        return;
    }
    if (b && b->kind == BI_STATE) {
        const ast_setting *a = e->u.call.args.items[0];
        const symbol *sk = a->value->kind == E_NAME ? symtab_get(&c->ir->names, a->value->u.name) : NULL;
        if (!sk || sk->kind != SYM_SKILL || local_visible(c, a->value->u.name)) {
            diag_error(c->d, a->value->at, "'%s(...)' needs a skill's name", b->name);
            return;
        }
    }
    for (int i = 0; i < e->u.call.args.n; i++) {
        const ast_setting *a = e->u.call.args.items[i];
        if (a->key) {
            diag_error(c->d, a->key_loc, "named argument '%s': only optimizers take named arguments",
                       a->key);
            const builtin *b = fn->kind == E_NAME ? builtin_find(fn->u.name) : NULL;
            const symbol *sym = fn->kind == E_NAME ? symtab_get(&c->ir->names, fn->u.name) : NULL;
            if (b && b->kind == BI_OPTIMIZER && sym)
                diag_note(c->d, &sym->at, "'%s' is %s declared here, which hides the optimizer",
                          fn->u.name, sym_kind_name(sym->kind));
            continue;
        }
        check_expr(c, a->value, ctx);
    }
}

static const symbol *model_symbol(checker *c, const ast_expr *e)
{
    if (e->kind != E_NAME || local_visible(c, e->u.name))
        return NULL;
    const symbol *s = symtab_get(&c->ir->names, e->u.name);
    return s && s->kind == SYM_MODEL ? s : NULL;
}

static void check_key(checker *c, const ast_expr *model, const char *key, loc at)
{
    const symbol *m = model_symbol(c, model);
    if (!m)
        return;                 /* a model chosen at run time: keys checked then */
    ast_model_kind kind = c->ir->models[m->index].kind;
    if (settings_key_known(kind, key) || ir_find_param(c->ir, key) >= 0)
        return;
    diag_error(c->d, at, "'%s' is neither a key of %s model nor a parameter", key,
               ir_model_kind_name(kind));
    const char *near = diag_suggest(key, settings_keys(kind), 16);
    if (near)
        diag_note(c->d, NULL, "did you mean '%s'?", near);
}

static void check_stmts(checker *c, const ast_vec *stmts);
static void check_setting_names(checker *c, const ast_setting *s, int ctx);

/* Whether E has one value whatever the statements before it do: numbers,
 * built-in constants and functions, and parameters where nothing could
 * have changed them (not in a sweep, before any assignment). */
static int known_now(const checker *c, const ast_expr *e)
{
    switch (e->kind) {
    case E_NUM: return 1;
    case E_UNARY: return known_now(c, e->u.op.a);
    case E_BINARY: return known_now(c, e->u.op.a) && known_now(c, e->u.op.b);
    case E_RANGE:
        return known_now(c, e->u.range.lo) && known_now(c, e->u.range.hi) &&
               (!e->u.range.by || known_now(c, e->u.range.by));
    case E_LIST:
        for (int i = 0; i < e->u.list.items.n; i++)
            if (!known_now(c, e->u.list.items.items[i]))
                return 0;
        return 1;
    case E_NAME: {
        if (local_visible(c, e->u.name))
            return 0;
        const symbol *s = symtab_get(&c->ir->names, e->u.name);
        if (s)
            return s->kind == SYM_PARAM && !c->in_sweep && !c->params_assigned;
        const builtin *b = builtin_find(e->u.name);
        return b && b->kind == BI_CONST;
    }
    case E_CALL: {
        const ast_expr *fn = e->u.call.fn;
        const builtin *b = fn->kind == E_NAME && !local_visible(c, fn->u.name) &&
                           !symtab_get(&c->ir->names, fn->u.name) ? builtin_find(fn->u.name) : NULL;
        if (!b || (b->kind != BI_MATH1 && b->kind != BI_MATH2 && b->kind != BI_MINMAX))
            return 0;
        for (int i = 0; i < e->u.call.args.n; i++) {
            const ast_setting *a = e->u.call.args.items[i];
            if (a->key || !known_now(c, a->value))
                return 0;
        }
        return 1;
    }
    default: return 0;
    }
}

/* A run's steps and `every`, when known with the file, are checked now;
 * its recorded rows are checked once the models' settings are known. */
static void check_run_counts(checker *c, const ast_expr *e)
{
    const ast_expr *every = e->u.run.every;
    double x;
    int known = known_now(c, e->u.run.steps) && (!every || known_now(c, every));
    if (known_now(c, e->u.run.steps) &&
        (eval_number(&c->ev, e->u.run.steps, "the number of steps", &x) != 0 ||
         run_check_count(c->d, e->u.run.steps, "the number of steps", 0, x) != 0))
        return;
    if (every && known_now(c, every) &&
        (eval_number(&c->ev, every, "'every'", &x) != 0 || run_check_count(c->d, every, "'every'", 1, x) != 0))
        return;
    if (known && model_symbol(c, e->u.run.model))
        ast_vec_push(c->a, &c->known_runs, (void *)e);
}

static void check_known_rows(checker *c)
{
    for (int i = 0; i < c->known_runs.n && c->d->nerrors == 0; i++) {
        const ast_expr *e = c->known_runs.items[i], *every = e->u.run.every;
        const ir_model *m = &c->ir->models[model_symbol(c, e->u.run.model)->index];
        double steps, k;
        if (eval_number(&c->ev, e->u.run.steps, "the number of steps", &steps) != 0)
            return;
        k = steps / 1000 >= 1 ? floor(steps / 1000) : 1;
        if (every && eval_number(&c->ev, every, "'every'", &k) != 0)
            return;
        run_check_rows(c->d, (every ? every : e->u.run.steps)->at, m->name, steps, k,
                       run_row_numbers(&m->resolved, m->kind));
    }
}

/* Skill families are expanded once: a sweep, `with` or assignment whose
 * known values (VALUES: a number, or a sweep's vector) of parameter NAME
 * change a family's range is refused now rather than when it runs. */
static void check_family_sizes(checker *c, const char *name, loc at, const ast_expr *values)
{
    int k = local_visible(c, name) ? -1 : ir_find_param(c->ir, name);
    if (k < 0 || c->ir->nfamilies == 0 || !known_now(c, values))
        return;
    value v;
    if (eval_expr(&c->ev, values, &v) != 0)
        return;
    ir_param *p = &c->ev.params[k];
    value saved = value_retain(p->val);
    int fixed = p->fixed;
    int n = v.kind == V_VEC ? v.u.obj->u.vec.n : v.kind == V_NUM;
    for (int i = 0; i < n; i++) {
        double x = v.kind == V_VEC ? v.u.obj->u.vec.x[i] : v.u.num;
        if (eval_set_param(&c->ev, k, value_num(x), 1) != 0 ||
            eval_check_family_sizes(&c->ev, at, name) != 0)
            break;
    }
    eval_set_param(&c->ev, k, saved, fixed);
    value_release(v);
}

static void check_run(checker *c, const ast_expr *e, int ctx)
{
    int errors = c->d->nerrors;
    check_expr(c, e->u.run.model, ctx);
    if (e->u.run.model->kind == E_NAME && !local_visible(c, e->u.run.model->u.name)) {
        const symbol *s = symtab_get(&c->ir->names, e->u.run.model->u.name);
        if (s && s->kind != SYM_MODEL)
            diag_error(c->d, e->u.run.model->at, "'%s' is %s; 'run' needs a model",
                       s->name, sym_kind_name(s->kind));
    }
    const symbol *model = model_symbol(c, e->u.run.model);
    for (int i = 0; i < e->u.run.with.n; i++) {
        const ast_setting *s = e->u.run.with.items[i];
        check_key(c, e->u.run.model, s->key, s->key_loc);
        check_setting_names(c, s, 0);
        if (model && !settings_key_known(c->ir->models[model->index].kind, s->key) &&
            c->d->nerrors == errors)
            check_family_sizes(c, s->key, s->key_loc, s->value);
    }
    check_expr(c, e->u.run.steps, ctx);
    if (e->u.run.every)
        check_expr(c, e->u.run.every, ctx);
    if (e->u.run.out)
        check_expr(c, e->u.run.out, ctx);
    if (c->d->nerrors == errors)
        check_run_counts(c, e);
}

static void check_sweep(checker *c, const ast_expr *e, int ctx)
{
    int base = c->nlocals;
    for (int i = 0; i < e->u.sweep.vars.n; i++) {
        const ast_sweepvar *v = e->u.sweep.vars.items[i];
        int errors = c->d->nerrors;
        check_expr(c, v->values, ctx);
        if (c->d->nerrors == errors)
            check_family_sizes(c, v->name, v->name_loc, v->values);
    }
    for (int i = 0; i < e->u.sweep.vars.n; i++) {
        const ast_sweepvar *v = e->u.sweep.vars.items[i];
        push_local(c, v->name);
    }
    c->in_sweep++;
    check_stmts(c, &e->u.sweep.body);
    c->in_sweep--;
    c->nlocals = base;
}

static void check_expr(checker *c, const ast_expr *e, int ctx)
{
    switch (e->kind) {
    case E_NAME: check_name(c, e, ctx); return;
    case E_STR:
        for (int i = 0; i < e->u.str.parts.n; i++) {
            const ast_strpart *p = e->u.str.parts.items[i];
            if (p->expr)
                check_expr(c, p->expr, ctx);
        }
        return;
    case E_LIST:
        for (int i = 0; i < e->u.list.items.n; i++)
            check_expr(c, e->u.list.items.items[i], ctx);
        return;
    case E_MATRIX:
        for (int r = 0; r < e->u.matrix.rows.n; r++) {
            const ast_vec *row = e->u.matrix.rows.items[r];
            const ast_vec *first = e->u.matrix.rows.items[0];
            if (row->n != first->n) {
                diag_error(c->d, e->at, "matrix rows differ in length (%d and %d)", first->n, row->n);
                return;
            }
            for (int i = 0; i < row->n; i++)
                check_expr(c, row->items[i], ctx);
        }
        return;
    case E_RANGE:
        check_expr(c, e->u.range.lo, ctx);
        check_expr(c, e->u.range.hi, ctx);
        if (e->u.range.by)
            check_expr(c, e->u.range.by, ctx);
        return;
    case E_UNARY: check_expr(c, e->u.op.a, ctx); return;
    case E_BINARY:
        check_expr(c, e->u.op.a, ctx);
        check_expr(c, e->u.op.b, ctx);
        return;
    case E_IF:
        check_expr(c, e->u.cond.cond, ctx);
        check_expr(c, e->u.cond.then, ctx);
        check_expr(c, e->u.cond.els, ctx);
        return;
    case E_CALL: check_call(c, e, ctx); return;
    case E_MEMBER: check_expr(c, e->u.member.obj, ctx); return;
    case E_INDEX:
        check_expr(c, e->u.index.obj, ctx);
        check_expr(c, e->u.index.index, ctx);
        return;
    case E_RUN: check_run(c, e, ctx); return;
    case E_SWEEP: check_sweep(c, e, ctx); return;
    case E_FIT:
        check_expr(c, e->u.fit.model, ctx);
        check_expr(c, e->u.fit.target, ctx);
        check_key(c, e->u.fit.model, e->u.fit.key, e->u.fit.key_loc);
        check_expr(c, e->u.fit.range, ctx);
        return;
    default: return;
    }
}

/* ---- statements ---- */

static const char *const plot_words[] = {"loss", "log", "loglog", "linear", NULL};

/* Known words, each at most once, and one choice of axes. */
static void check_plot_words(checker *c, const ast_vec *opts)
{
    const ast_setting *axes = NULL;
    for (int i = 0; i < opts->n; i++) {
        const ast_setting *o = opts->items[i];
        int known = 0;
        for (int k = 0; plot_words[k]; k++)
            known |= strcmp(plot_words[k], o->key) == 0;
        if (!known) {
            diag_error(c->d, o->key_loc, "unknown plot option '%s'", o->key);
            diag_hint(c->d, "plot options are: loss, log, loglog, linear");
            continue;
        }
        const ast_setting *twice = NULL;
        for (int j = 0; j < i && !twice; j++)
            if (strcmp(((const ast_setting *)opts->items[j])->key, o->key) == 0)
                twice = opts->items[j];
        if (twice) {
            diag_error(c->d, o->key_loc, "plot option '%s' is given twice", o->key);
        } else if (strcmp(o->key, "loss") != 0 && axes) {
            diag_error(c->d, o->key_loc, "'%s' and '%s' both choose the axes", axes->key, o->key);
            diag_hint(c->d, "give one of log (y), loglog (x and y) or linear (neither)");
        } else if (strcmp(o->key, "loss") != 0) {
            axes = o;
        }
    }
}

/* `N0 = 0.5`, where N0 is no variable: a model's key is set for a run
 * with `run R with N0 = 0.5`; anything else needs declaring first. */
static const ir_model *model_with_key(const checker *c, const char *key)
{
    const ir_model *knows = NULL;
    for (int k = 0; k < c->ir->nmodels; k++) {
        const ir_model *m = &c->ir->models[k];
        for (int i = 0; i < m->settings.n; i++)
            if (strcmp(((const ast_setting *)m->settings.items[i])->key, key) == 0)
                return m;       /* one that sets it */
        if (!knows && settings_key_known(m->kind, key))
            knows = m;
    }
    return knows;
}

static void assign_hint(checker *c, const ast_stmt *s)
{
    const ir_model *m = model_with_key(c, s->name);
    if (m) {
        const loc *v = &s->value->at;
        int n = (int)(v->end - v->off);
        diag_hint(c->d, "'%s' is a key of %s model '%s': to run it with another value, write "
                  "'run %s with %s = %.*s for ... steps'", s->name, ir_model_kind_name(m->kind),
                  m->name, m->name, s->name, n > 40 ? 3 : n, n > 40 ? "..." : v->src->text + v->off);
        return;
    }
    diag_hint(c->d, "declare it with 'param %s = ...' or 'let %s = ...'", s->name, s->name);
}

static void check_stmt(checker *c, const ast_stmt *s)
{
    switch (s->kind) {
    case S_LET: {
        check_expr(c, s->value, 0);
        const symbol *g = symtab_get(&c->ir->names, s->name);
        if (g) {
            diag_error(c->d, s->name_loc, "'%s' is already %s; 'let' needs a new name",
                       s->name, sym_kind_name(g->kind));
            diag_note(c->d, &g->at, "'%s' was declared here", s->name);
        }
        push_local(c, s->name);
        return;
    }
    case S_ASSIGN: {
        int errors = c->d->nerrors;
        const symbol *g = symtab_get(&c->ir->names, s->name);
        int model_key = !g && !local_visible(c, s->name) && model_with_key(c, s->name);
        if (!model_key)         /* a key's value may be a word, such as `solver = rk45` */
            check_expr(c, s->value, 0);
        if (!model_key && c->d->nerrors == errors && !c->repl)
            check_family_sizes(c, s->name, s->name_loc, s->value);
        c->params_assigned = 1;
        if (local_visible(c, s->name) || (g && g->kind == SYM_PARAM))
            return;
        if (g)
            diag_error(c->d, s->name_loc, "cannot assign to '%s': it is %s", s->name, sym_kind_name(g->kind));
        else {
            diag_error(c->d, s->name_loc, "cannot assign to undeclared '%s'", s->name);
            assign_hint(c, s);
        }
        return;
    }
    case S_PRINT:
        for (int i = 0; i < s->u.print.args.n; i++)
            check_expr(c, s->u.print.args.items[i], 0);
        return;
    case S_PLOT:
        check_plot_words(c, &s->u.out.opts);
        /* fall through */
    case S_SAVE:
        check_expr(c, s->value, 0);
        check_expr(c, s->u.out.path, 0);
        return;
    case S_GRAPH:
        if (s->value) {
            check_expr(c, s->value, 0);
            const symbol *g = s->value->kind == E_NAME ? symtab_get(&c->ir->names, s->value->u.name) : NULL;
            if (g && g->kind != SYM_MODEL)
                diag_error(c->d, s->value->at, "'%s' is %s; 'graph' takes a model", g->name,
                           sym_kind_name(g->kind));
        }
        check_expr(c, s->u.out.path, 0);
        return;
    case S_ROW:
        if (!c->in_sweep)
            diag_error(c->d, s->at, "'row' belongs inside the braces of a sweep");
        for (int i = 0; i < s->u.row.fields.n; i++) {
            const ast_setting *f = s->u.row.fields.items[i];
            check_expr(c, f->value, 0);
        }
        return;
    case S_EXPR:
        check_expr(c, s->value, 0);
        return;
    case S_OPTIMIZER: {
        const ast_expr *e = s->value;
        if (e->kind != E_CALL || e->u.call.fn->kind != E_NAME ||
            !optimizer_kind_known(c, e->u.call.fn->u.name)) {
            char kinds[256];
            diag_error(c->d, e->at, "an optimizer is declared with one of %s, e.g. adam(lr: 3e-4)",
                       optimizer_kinds(kinds, sizeof kinds));
            return;
        }
        int k = register_optimizer(c, e, s->name, s->name_loc, 0);
        symbol *sym = (symbol *)symtab_get(&c->ir->names, s->name);
        if (k >= 0 && sym)
            sym->index = k;
        return;
    }
    default:
        diag_error(c->d, s->at, "declarations belong at the top level of a file, not inside a sweep");
        return;
    }
}

static void check_stmts(checker *c, const ast_vec *stmts)
{
    int base = c->nlocals;
    for (int i = 0; i < stmts->n; i++)
        check_stmt(c, stmts->items[i]);
    c->nlocals = base;
}

/* ---- skills ---- */

static xname compile_lookup(void *ctx, const char *name)
{
    checker *c = ctx;
    xname xn = {XN_UNKNOWN, 0, 0, NULL, NULL};
    const symbol *s = symtab_get(&c->ir->names, name);
    if (!s)
        return xn;
    switch (s->kind) {
    case SYM_PARAM: {
        value v = c->ir->params[s->index].val;
        if (value_is_number(v)) {
            xn.kind = XN_PARAM;
            xn.index = s->index;
        } else {
            xn.kind = XN_OTHER;
            xn.what = value_kind_name(v.kind);
        }
        return xn;
    }
    case SYM_SKILL: xn.kind = XN_SKILL; xn.index = s->index; return xn;
    case SYM_DEF: xn.kind = XN_DEF; xn.def = c->ir->defs[s->index]; return xn;
    default: xn.kind = XN_OTHER; xn.what = sym_kind_name(s->kind); return xn;
    }
}

static expr_scope skill_scope(checker *c, const ir_skill *sk, const char *what, expr_reads *reads)
{
    expr_scope sc = {compile_lookup, c, 1, 1, sk->family_i, sk->family_n, sk->family_first, what,
                     c->d, c->a, reads, &c->cache};
    return sc;
}

static int family_range(checker *c, const ast_stmt *s, int *lo, int *n)
{
    value v;
    if (eval_expr(&c->ev, s->u.skill.family, &v) != 0)
        return -1;
    int ok = v.kind == V_VEC;
    const double *x = ok ? v.u.obj->u.vec.x : NULL;
    int count = ok ? v.u.obj->u.vec.n : 0;
    for (int i = 0; ok && i < count; i++)
        ok = x[i] == floor(x[i]) && x[i] >= 0 && x[i] < 1e9 && (i == 0 || x[i] == x[i - 1] + 1);
    const ast_expr *fam = s->u.skill.family;
    double hi;
    if (ok && fam->kind == E_RANGE && eval_number(&c->ev, fam->u.range.hi, "a range's end", &hi) == 0)
        ok = hi == floor(hi);
    if (!ok) {
        diag_error(c->d, s->u.skill.family->at, "a skill family is numbered by a range of whole numbers, like 1..10");
    } else if (count == 0) {
        diag_error(c->d, s->u.skill.family->at, "the family '%s' is empty: its range has no members", s->name);
        ok = 0;
    } else if (count > MAX_FAMILY) {
        diag_error(c->d, s->u.skill.family->at, "the family '%s' has %d members; at most %d are allowed",
                   s->name, count, MAX_FAMILY);
        ok = 0;
    } else {
        *lo = (int)x[0];
        *n = count;
    }
    value_release(v);
    return ok ? 0 : -1;
}

static void add_skill(checker *c, const ast_stmt *s, const char *name, loc at, int i, int n,
                      int first, int *cap)
{
    ir_program *ir = c->ir;
    ir->skills = xgrow(ir->skills, cap, ir->nskills + 1, sizeof *ir->skills);
    ir_skill *sk = &ir->skills[ir->nskills];
    memset(sk, 0, sizeof *sk);
    sk->name = name;
    sk->at = at;
    sk->freq_ast = s->u.skill.freq;
    sk->gate_ast = s->u.skill.gate;
    sk->family_i = i;
    sk->family_first = first;
    sk->family_n = n;
    if (declare(c, name, at, SYM_SKILL, ir->nskills))
        ir->nskills++;
}

static void expand_skills(checker *c, ast_vec *owners)
{
    int cap = 0;
    for (int k = 0; k < c->skill_decls.n; k++) {
        const ast_stmt *s = c->skill_decls.items[k];
        if (!s->u.skill.family) {
            add_skill(c, s, s->name, s->name_loc, 0, 0, 0, &cap);
            ast_vec_push(c->a, owners, (void *)s);
            continue;
        }
        int lo, n;
        check_expr(c, s->u.skill.family, 0);
        if (family_range(c, s, &lo, &n) != 0)
            continue;
        int cap_f = ir_family_count(c->ir);
        c->ir->families = xgrow(c->ir->families, &cap_f, c->ir->nfamilies + 1, sizeof *c->ir->families);
        c->ir->families[c->ir->nfamilies] = (ir_family){s->name, c->ir->nskills, n, lo,
                                                                s->u.skill.family, s->name_loc};
        if (!declare(c, s->name, s->name_loc, SYM_FAMILY, c->ir->nfamilies))
            continue;           /* its members would repeat the error, one by one */
        c->ir->nfamilies++;
        for (int m = 0; m < n; m++) {
            char *name = arena_printf(c->a, "%s%d", s->name, lo + m);
            add_skill(c, s, name, s->name_loc, m + 1, n, lo, &cap);
            ast_vec_push(c->a, owners, (void *)s);
        }
    }
}

static ir_dep *resolve_dep(checker *c, const ast_dep *d, const ir_skill *sk)
{
    ir_dep *r = arena_alloc(c->a, sizeof *r);
    r->kind = d->kind;
    r->at = d->at;
    if (d->kind != DEP_SKILL) {
        r->a = resolve_dep(c, d->a, sk);
        r->b = d->b ? resolve_dep(c, d->b, sk) : NULL;
        return r->a && (!d->b || r->b) ? r : NULL;
    }
    const char *name = d->name;
    if (d->index) {
        scope fam = {NULL, NULL, 0, 0, 0};
        if (sk->family_n)
            scope_bind(&fam, "i", value_num(sk->family_first + sk->family_i - 1));
        c->ev.locals = &fam;
        double idx;
        int rc = eval_number(&c->ev, d->index, "a family index", &idx);
        c->ev.locals = NULL;
        scope_clear(&fam);
        if (rc != 0)
            return NULL;
        char buf[NUMFMT_MAX];
        name = arena_printf(c->a, "%s%s", d->name, numfmt(buf, idx));
    }
    const symbol *s = symtab_get(&c->ir->names, name);
    if (s && s->kind == SYM_SKILL) {
        r->skill = s->index;
        return r;
    }
    if (s) {
        diag_error(c->d, d->at, "'%s' is %s, not a skill", name, sym_kind_name(s->kind));
        if (s->kind == SYM_FAMILY)
            diag_hint(c->d, "name one member, like %s1, or write %s[i-1] inside a family", name, name);
    } else {
        diag_error(c->d, d->at, "'%s' needs undeclared skill '%s'", sk->name, name);
        suggest(c, name, 1);
    }
    return NULL;
}

/* Checks the names in E, then compiles it; NULL after any error. */
static expr_prog *compile_checked(checker *c, const ir_skill *sk, const ast_expr *e,
                                  const char *what, expr_reads *reads)
{
    if (sk->family_n && (e == c->bad_family_freq || e == c->bad_family_gate))
        return NULL;            /* failed at an earlier member: would fail the same way */
    int before = c->d->nerrors;
    if (sk->family_i <= 1)      /* names are the same for every member */
        check_expr(c, e, CTX_T | CTX_STATE | CTX_SKILL | (sk->family_n ? CTX_FAMILY : 0));
    expr_prog *prog = NULL;
    if (c->d->nerrors == before) {
        expr_scope sc = skill_scope(c, sk, what, reads);
        prog = expr_compile(&sc, e);
    }
    if (sk->family_n && c->d->nerrors != before)
        *(e == sk->freq_ast ? &c->bad_family_freq : &c->bad_family_gate) = e;
    return prog;
}

static void check_constant_freq(checker *c, const ir_skill *sk)
{
    double *pv = ir_param_values(c->ir->params, c->ir->nparams);
    expr_env env = {pv, 0, NULL, NULL, NULL, &c->cache};
    double p = expr_eval(sk->freq, &env);
    free(pv);
    if ((!isfinite(p) || p < 0) && !(sk->family_n && sk->freq_ast == c->bad_family_freq)) {
        char buf[NUMFMT_MAX];
        diag_error(c->d, sk->freq_ast->at, "the frequency of '%s' is %s; frequencies must be "
                   "finite and not negative", sk->name, numfmt(buf, p));
        if (sk->family_n) {
            c->bad_family_freq = sk->freq_ast;
            diag_note(c->d, NULL, "the family's other members are not checked for this");
        }
    }
}

static void compile_skill(checker *c, ir_skill *sk, const ast_stmt *s, expr_reads *reads)
{
    sk->freq = compile_checked(c, sk, sk->freq_ast, "frequency", NULL);
    if (sk->freq && expr_is_constant(sk->freq))
        check_constant_freq(c, sk);
    if (s->u.skill.needs && !(sk->family_n && s == c->bad_family_needs)) {
        int before = c->d->nerrors;
        sk->needs = resolve_dep(c, s->u.skill.needs, sk);
        if (sk->family_n && c->d->nerrors != before) {
            c->bad_family_needs = s;
            diag_note(c->d, NULL, "the family's other members are not checked for this");
        }
    }
    if (sk->gate_ast)
        sk->gate = compile_checked(c, sk, sk->gate_ast, "gate", reads);
}

static void collect_reads(const ir_dep *d, expr_reads *reads)
{
    if (!d)
        return;
    if (d->kind == DEP_SKILL)
        expr_reads_add(reads, d->skill);
    collect_reads(d->a, reads);
    collect_reads(d->b, reads);
}

/* Each skill's prerequisites: the skills its needs name and its gate reads. */
static void compile_skills(checker *c, const ast_vec *owners)
{
    ir_program *ir = c->ir;
    expr_reads reads = {calloc((size_t)ir->nskills + 1, sizeof(int)), 0, NULL, 0, 0};
    for (int i = 0; i < ir->nskills; i++) {
        ir_skill *sk = &ir->skills[i];
        reads.stamp = i + 1;
        reads.n = 0;
        compile_skill(c, sk, owners->items[i], &reads);
        collect_reads(sk->needs, &reads);
        sk->reads = arena_alloc(c->a, (size_t)(reads.n + 1) * sizeof *sk->reads);
        if (reads.n)
            memcpy(sk->reads, reads.list, (size_t)reads.n * sizeof *sk->reads);
        sk->nreads = reads.n;
    }
    free(reads.mark);
    free(reads.list);
}

/* Dependency cycles, by an iterative depth-first search (chains of 10^5
 * skills must not recurse). */
static void find_cycles(checker *c)
{
    ir_program *ir = c->ir;
    int n = ir->nskills;
    char *colour = calloc((size_t)n + 1, 1);
    int *stack = malloc(((size_t)n + 1) * sizeof *stack), *edge = malloc(((size_t)n + 1) * sizeof *edge);
    int reported = 0;
    for (int root = 0; root < n && !reported; root++) {
        if (colour[root])
            continue;
        int top = 0;
        stack[0] = root;
        edge[0] = 0;
        colour[root] = 1;
        while (top >= 0 && !reported) {
            const ir_skill *sk = &ir->skills[stack[top]];
            if (edge[top] == sk->nreads) {
                colour[stack[top--]] = 2;
                continue;
            }
            int next = sk->reads[edge[top]++];
            if (colour[next] == 0) {
                colour[next] = 1;
                stack[++top] = next;
                edge[top] = 0;
            } else if (colour[next] == 1) {
                int from = top;
                while (stack[from] != next)
                    from--;
                char *text = NULL;
                size_t len = 0;
                FILE *f = open_memstream(&text, &len);
                for (int k = from; k <= top; k++)
                    fprintf(f, "'%s' needs ", ir->skills[stack[k]].name);
                fprintf(f, "'%s'", ir->skills[next].name);
                fclose(f);
                const ir_skill *first = &ir->skills[next];
                loc at = first->needs ? first->needs->at : first->gate_ast ? first->gate_ast->at : first->at;
                diag_error(c->d, at, "dependency cycle: %s", text);
                diag_hint(c->d, "a skill cannot depend, directly or through others, on itself");
                free(text);
                reported = 1;
            }
        }
    }
    free(colour);
    free(stack);
    free(edge);
}

/* ---- models ---- */

/* Names in a setting's value; words such as `loss = ce` are the
 * settings module's to judge. */
static void check_setting_names(checker *c, const ast_setting *s, int ctx)
{
    static const char *const word_keys[] = {"loss", "compete", "solver", "record", NULL};
    const ast_expr *e = s->value;
    for (int k = 0; word_keys[k]; k++)
        if (strcmp(word_keys[k], s->key) == 0)
            return;
    if (!strcmp(s->key, "vectors") && e->kind == E_NAME &&
        !local_visible(c, e->u.name) && !symtab_get(&c->ir->names, e->u.name))
        return;
    if (!strcmp(s->key, "correlation") && e->kind == E_CALL && e->u.call.fn->kind == E_NAME &&
        !strcmp(e->u.call.fn->u.name, "gram"))
        return;
    check_expr(c, e, ctx);
}

/* Returns the number of errors in names (which make resolving pointless). */
static int check_model_keys(checker *c, const ir_model *m)
{
    int name_errors = 0;
    for (int i = 0; i < m->settings.n; i++) {
        const ast_setting *s = m->settings.items[i];
        if (!settings_key_known(m->kind, s->key)) {
            diag_error(c->d, s->key_loc, "%s model has no key '%s'", ir_model_kind_name(m->kind), s->key);
            const char *near = diag_suggest(s->key, settings_keys(m->kind), 16);
            if (near)
                diag_note(c->d, NULL, "did you mean '%s'?", near);
            else
                diag_hint(c->d, "see '%s' for the keys of each model", datadir_man(5));
            continue;
        }
        for (int j = 0; j < i; j++) {
            const ast_setting *t = m->settings.items[j];
            if (strcmp(t->key, s->key) == 0) {
                diag_error(c->d, s->key_loc, "'%s' is set twice in model '%s'", s->key, m->name);
                diag_note(c->d, &t->key_loc, "first set here");
            }
        }
        int before = c->d->nerrors;
        check_setting_names(c, s, CTX_MODEL);
        name_errors += c->d->nerrors - before;
    }
    return name_errors;
}

/* The reference figures' gate: a prerequisite opens its dependents only as
 * it nears mastery (sharp(0.01) is 0.0005 at 5% learned).  soft(0.01) =
 * (1 - u)^0.01 is already 0.9995 there, which makes `needs` nearly a no-op. */
static ast_expr *default_gate(checker *c)
{
    static const char text[] = "sharp(0.01)";
    source *src = source_from_string("<default gate>", text, sizeof text - 1);
    add_source(c->ir, src);
    return parse_expression(src, 0, src->len, c->a, c->d);
}

static void compile_bfactors(checker *c, ir_model *m)
{
    ir_program *ir = c->ir;
    m->bfactor = arena_alloc(c->a, ((size_t)ir->nskills + 1) * sizeof *m->bfactor);
    const ast_expr *gate = m->resolved.gate;
    for (int i = 0; i < ir->nskills; i++) {
        ir_skill *sk = &ir->skills[i];
        if (sk->gate) {
            m->bfactor[i] = sk->gate;
            continue;
        }
        if (!sk->needs)
            continue;
        if (!gate && !(gate = default_gate(c)))
            return;
        expr_scope sc = skill_scope(c, sk, "gate", NULL);
        m->bfactor[i] = expr_compile_needs(&sc, sk->needs, gate);
        if (!m->bfactor[i])
            return;             /* one report per model is enough */
    }
}

static void check_models(checker *c)
{
    for (int k = 0; k < c->ir->nmodels; k++) {
        ir_model *m = &c->ir->models[k];
        int before = c->d->nerrors;
        if (check_model_keys(c, m) > 0)
            continue;
        if (settings_resolve(&c->ev, m, NULL, &m->resolved) == 0 && c->d->nerrors == before)
            compile_bfactors(c, m);
    }
}

/* Inside a sweep an optimizer's arguments may name the sweep's variables;
 * they were checked above and stand as placeholders here (a run compiles
 * the arguments again with the values in force). */
static xname optimizer_lookup(void *ctx, const char *name)
{
    xname xn = compile_lookup(ctx, name);
    if (xn.kind == XN_UNKNOWN && !builtin_find(name) && strcmp(name, "t") != 0) {
        xn.kind = XN_NUMBER;
        xn.value = NAN;
        ((checker *)ctx)->placeholders++;
    }
    return xn;
}

/* An argument known with the file (numbers and parameters, not t or a
 * sweep's variables) is checked against its range now, as model keys are. */
static void check_constant_arg(checker *c, const ir_optimizer *o, int i, const expr_prog *p)
{
    if (!expr_is_constant(p))
        return;
    double *pv = ir_param_values(c->ir->params, c->ir->nparams);
    expr_env env = {pv, 0, NULL, NULL, NULL, &c->cache};
    double x = expr_eval(p, &env);
    free(pv);
    const optim_key *key = optim_key_find(optim_of_kind((optim_kind)o->kind), o->keys[i]);
    const char *range = key ? optim_key_invalid(key, x) : NULL;
    if (range) {
        char buf[NUMFMT_MAX];
        diag_error(c->d, o->arg_asts[i]->at, "%s's '%s' is %s; it must be %s", o->kind_name,
                   o->keys[i], numfmt(buf, x), range);
    }
}

static void compile_optimizers(checker *c, int from)
{
    for (int k = from; k < c->ir->nopts; k++) {
        ir_optimizer *o = &c->ir->opts[k];
        expr_scope sc = {optimizer_lookup, c, 1, 0, 0, 0, 0, "learning-rate expression", c->d, c->a, NULL,
                         NULL};
        for (int i = 0; i < o->nargs; i++) {   /* only lr may follow t; the rest are numbers */
            int before = c->placeholders, errors = c->d->nerrors;
            expr_prog *p = expr_compile(&sc, o->arg_asts[i]);
            if (strcmp(o->keys[i], "lr") == 0)
                o->args[i] = p;
            if (p && c->placeholders == before && c->d->nerrors == errors)
                check_constant_arg(c, o, i, p);
        }
    }
}

/* ---- the whole ---- */

static void check_program(checker *c, const ast_program *main_prog, const check_options *opt)
{
    ir_program *ir = c->ir;
    ast_vec all = {0}, exec = {0}, owners = {0};
    source *pre = source_from_string("<prelude>", skill_prelude, strlen(skill_prelude));
    add_source(ir, pre);
    c->prelude = pre;
    load_stmts(c, &all, parse_program(pre, c->a, c->d), pre->name);
    char *main_path = realpath(ir->src->name, NULL);
    if (main_path)              /* a module importing the main file does not read it again */
        ast_vec_push(c->a, &c->loaded, arena_strdup(c->a, main_path));
    free(main_path);
    load_stmts(c, &all, main_prog, ir->src->name);
    load_more(c, &all, opt);
    if (c->d->nerrors)
        return;
    for (int i = 0; i < all.n; i++)
        declare_stmt(c, all.items[i], &exec);
    c->script = &exec;
    c->ev.params = ir->params;
    char *name_errors = calloc((size_t)ir->nparams + 1, 1);
    if (!name_errors)
        abort();
    for (int i = 0; i < ir->nparams; i++) {
        int before = c->d->nerrors;
        check_expr(c, ir->params[i].init, CTX_PARAM);
        name_errors[i] = c->d->nerrors != before;
    }
    for (int i = 0; i < opt->ndefines; i++)
        if (apply_define(c, opt->defines[i]) != 0)
            c->usage_error = 1;
    for (int i = 0; i < ir->nparams && !c->usage_error; i++)
        if (!name_errors[i])    /* evaluating would report the unknown name again */
            eval_param(&c->ev, i);
    free(name_errors);
    if (c->usage_error)
        return;
    expand_skills(c, &owners);
    for (int i = 0; i < ir->ndefs; i++) {
        const ast_stmt *def = ir->defs[i];
        int base = c->nlocals;
        for (int k = 0; k < def->u.def.params.n; k++) {
            const ast_setting *p = def->u.def.params.items[k];
            for (int j = 0; j < k; j++) {
                const ast_setting *q = def->u.def.params.items[j];
                if (strcmp(p->key, q->key) == 0) {
                    diag_error(c->d, p->key_loc, "'%s' names two parameters of '%s'", p->key, def->name);
                    diag_note(c->d, &q->key_loc, "first named here");
                }
            }
            push_local(c, p->key);
        }
        check_expr(c, def->value, CTX_T | CTX_STATE | CTX_FAMILY | CTX_DEF);
        c->nlocals = base;
    }
    compile_skills(c, &owners);
    if (c->d->nerrors == 0)
        find_cycles(c);
    check_stmts(c, &exec);      /* also registers every optimizer written */
    check_models(c);
    check_known_rows(c);
    compile_optimizers(c, 0);
    ir->stmts = arena_alloc(c->a, ((size_t)exec.n + 1) * sizeof *ir->stmts);
    for (int i = 0; i < exec.n; i++) {
        const ast_stmt *s = exec.items[i];
        if (s->kind != S_OPTIMIZER)
            ir->stmts[ir->nstmts++] = s;
    }
}

ir_program *check_source(source *src, const check_options *opt, diag *d, int *status)
{
    ir_program *ir = calloc(1, sizeof *ir);
    if (!ir)
        abort();
    ir->a = arena_new();
    ir->src = src;
    symtab_init(&ir->names);
    add_source(ir, src);
    checker c;
    checker_init(&c, ir, d, NULL);      /* parameters: set once they are declared */
    c.stdlib_only = opt->stdlib_only;
    int before = d->nerrors;
    ast_program *prog = parse_program(src, ir->a, d);
    if (d->nerrors == before)
        check_program(&c, prog, opt);
    checker_free(&c);
    if (d->nerrors == before)
        return ir;
    *status = c.usage_error ? EXIT_USAGE : EXIT_INVALID;
    ir_program_free(ir);
    return NULL;
}

const ast_stmt **check_actions(ir_program *ir, const source *chunk, const char *const *locals,
                               int nlocals, diag *d, int *n)
{
    checker c;
    checker_init(&c, ir, d, ir->params);
    c.repl = 1;
    int before = d->nerrors, nopts = ir->nopts;
    ast_program *prog = parse_program(chunk, ir->a, d);
    ast_vec exec = {0};
    for (int i = 0; i < prog->stmts.n && d->nerrors == before; i++)
        if (!check_is_declaration(prog->stmts.items[i]))
            ast_vec_push(ir->a, &exec, prog->stmts.items[i]);
    for (int i = 0; i < nlocals; i++)
        push_local(&c, locals[i]);
    if (d->nerrors == before) {
        check_stmts(&c, &exec);
        check_known_rows(&c);
        compile_optimizers(&c, nopts);
    }
    checker_free(&c);
    *n = exec.n;
    if (d->nerrors != before)
        return NULL;
    return exec.items ? (const ast_stmt **)exec.items : arena_alloc(ir->a, sizeof(ast_stmt *));
}

ir_program *check_file(const char *path, const check_options *opt, diag *d, int *status)
{
    char err[1024];
    source *src = source_read(path, err, sizeof err);
    if (!src) {
        diag_fail(d, "%s", err);
        *status = EXIT_UNREADABLE;
        return NULL;
    }
    return check_source(src, opt, d, status);
}

void ir_program_free(ir_program *ir)
{
    if (!ir)
        return;
    for (int i = 0; i < ir->nparams; i++)
        value_release(ir->params[i].val);
    for (int i = 0; i < ir->nmodels; i++)
        settings_release(&ir->models[i].resolved);
    for (int i = 0; i < ir->nsources; i++)
        source_free(ir->sources[i]);
    free(ir->sources);
    free(ir->params);
    free(ir->skills);
    free(ir->models);
    free(ir->opts);
    free(ir->defs);
    free(ir->families);
    symtab_free(&ir->names);
    arena_free(ir->a);
    free(ir);
}
