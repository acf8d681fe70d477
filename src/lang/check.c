/* check.c - the checker's driver and its statement checks: check_source
 * runs the passes in order (see checker.h) and check_actions the REPL's;
 * here too are the checks of each statement and of the expressions in
 * it: calls and their arguments, runs and their counts, sweeps, plots,
 * assignments.  The other passes are in loader.c, resolve.c, families.c
 * and lower.c. */
#include "checker.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "modelkeys.h"
#include "optim.h"
#include "parse.h"
#include "plotopts.h"
#include "run.h"
#include "settings.h"

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

/* ---- expressions ---- */

static void check_call(checker *c, const ast_expr *e, int ctx)
{
    const ast_expr *fn = e->u.call.fn;
    if (fn->kind == E_NAME && resolve_optimizer_kind(c, fn->u.name)) {
        if (ir_find_inline_opt(c->ir, e) < 0)
            lower_register_optimizer(c, e, NULL, e->at, ctx);
        return;
    }
    check_expr(c, fn, ctx);
    const builtin *b = fn->kind == E_NAME && !resolve_local_visible(c, fn->u.name) &&
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
        if (!sk || sk->kind != SYM_SKILL || resolve_local_visible(c, a->value->u.name)) {
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

void check_key(checker *c, const ast_expr *model, const char *key, loc at)
{
    const symbol *m = resolve_model(c, model);
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

/* Whether E has one value whatever the statements before it do: numbers,
 * built-in constants and functions, and parameters where nothing could
 * have changed them (not in a sweep, before any assignment). */
int check_known_now(const checker *c, const ast_expr *e)
{
    switch (e->kind) {
    case E_NUM: return 1;
    case E_UNARY: return check_known_now(c, e->u.op.a);
    case E_BINARY: return check_known_now(c, e->u.op.a) && check_known_now(c, e->u.op.b);
    case E_RANGE:
        return check_known_now(c, e->u.range.lo) && check_known_now(c, e->u.range.hi) &&
               (!e->u.range.by || check_known_now(c, e->u.range.by));
    case E_LIST:
        for (int i = 0; i < e->u.list.items.n; i++)
            if (!check_known_now(c, e->u.list.items.items[i]))
                return 0;
        return 1;
    case E_NAME: {
        if (resolve_local_visible(c, e->u.name))
            return 0;
        const symbol *s = symtab_get(&c->ir->names, e->u.name);
        if (s)
            return s->kind == SYM_PARAM && !c->in_sweep && !c->params_assigned;
        const builtin *b = builtin_find(e->u.name);
        return b && b->kind == BI_CONST;
    }
    case E_CALL: {
        const ast_expr *fn = e->u.call.fn;
        const builtin *b = fn->kind == E_NAME && !resolve_local_visible(c, fn->u.name) &&
                           !symtab_get(&c->ir->names, fn->u.name) ? builtin_find(fn->u.name) : NULL;
        if (!b || (b->kind != BI_MATH1 && b->kind != BI_MATH2 && b->kind != BI_MINMAX))
            return 0;
        for (int i = 0; i < e->u.call.args.n; i++) {
            const ast_setting *a = e->u.call.args.items[i];
            if (a->key || !check_known_now(c, a->value))
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
    int known = check_known_now(c, e->u.run.steps) && (!every || check_known_now(c, every));
    if (check_known_now(c, e->u.run.steps) &&
        (eval_number(&c->ev, e->u.run.steps, "the number of steps", &x) != 0 ||
         run_check_count(c->d, e->u.run.steps, "the number of steps", 0, x) != 0))
        return;
    if (every && check_known_now(c, every) &&
        (eval_number(&c->ev, every, "'every'", &x) != 0 || run_check_count(c->d, every, "'every'", 1, x) != 0))
        return;
    if (known && resolve_model(c, e->u.run.model))
        ast_vec_push(c->a, &c->known_runs, (void *)e);
}

static void check_known_rows(checker *c)
{
    for (int i = 0; i < c->known_runs.n && c->d->nerrors == 0; i++) {
        const ast_expr *e = c->known_runs.items[i], *every = e->u.run.every;
        const ir_model *m = &c->ir->models[resolve_model(c, e->u.run.model)->index];
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

static void check_run(checker *c, const ast_expr *e, int ctx)
{
    int errors = c->d->nerrors;
    check_expr(c, e->u.run.model, ctx);
    if (e->u.run.model->kind == E_NAME && !resolve_local_visible(c, e->u.run.model->u.name)) {
        const symbol *s = symtab_get(&c->ir->names, e->u.run.model->u.name);
        if (s && s->kind != SYM_MODEL)
            diag_error(c->d, e->u.run.model->at, "'%s' is %s; 'run' needs a model",
                       s->name, sym_kind_name(s->kind));
    }
    const symbol *model = resolve_model(c, e->u.run.model);
    int kind = model ? (int)c->ir->models[model->index].kind : -1;
    for (int i = 0; i < e->u.run.with.n; i++) {
        const ast_setting *s = e->u.run.with.items[i];
        check_key(c, e->u.run.model, s->key, s->key_loc);
        check_setting_names(c, s, check_follows_ctx(kind, s->key));
        if (model && !settings_key_known(c->ir->models[model->index].kind, s->key) &&
            c->d->nerrors == errors)
            families_check_sizes(c, s->key, s->key_loc, s->value);
    }
    check_expr(c, e->u.run.steps, ctx);
    if (e->u.run.every)
        check_expr(c, e->u.run.every, ctx);
    if (e->u.run.out)
        check_expr(c, e->u.run.out, ctx);
    if (c->d->nerrors == errors)
        check_run_counts(c, e);
}

/* infer's clauses: fit's (checked as fit's are) and `max N`. */
static void check_infer_clauses(checker *c, const ast_vec *clauses)
{
    static const char *const words[] = {"on", "compare", "skills", "starts", "max"};
    ast_vec fits = {0};
    const ast_fitclause *max = NULL;
    for (int i = 0; i < clauses->n; i++) {
        const ast_fitclause *k = clauses->items[i];
        int known = 0;
        for (int w = 0; w < 5; w++)
            known |= strcmp(k->word, words[w]) == 0;
        if (!known || k->steps != (strcmp(k->word, "on") == 0)) {
            diag_error(c->d, k->at, "'infer' has no clause '%s%s'", k->word, k->steps ? " steps" : "");
            diag_hint(c->d, "its clauses are: on steps [a, b], skills [A, B, ...], max N, "
                            "compare levels | loss | log(loss), starts N");
        } else if (strcmp(k->word, "max") != 0) {
            ast_vec_push(c->a, &fits, (void *)k);
        } else if (max) {
            diag_error(c->d, k->at, "'max' is given twice");
            diag_note(c->d, &max->at, "first given here");
        } else {
            max = k;
            check_expr(c, k->value, 0);
        }
    }
    check_fit_clauses(c, &fits);
}

/* infer M from DATA [vary ITEMS] [CLAUSES] */
static void check_infer(checker *c, const ast_expr *e, int ctx)
{
    check_expr(c, e->u.infer.model, ctx);
    check_expr(c, e->u.infer.data, ctx);
    const symbol *model = resolve_model(c, e->u.infer.model);
    ast_model_kind kind = model ? c->ir->models[model->index].kind : MODEL_RESOURCE;
    if (kind != MODEL_RESOURCE) {
        diag_error(c->d, e->u.infer.model->at, "'infer' searches the dependencies of a resource "
                   "model; '%s' is a %s model", model->name, ir_model_kind_name(kind));
        diag_hint(c->d, "run it, then infer on a resource model with the same skills: "
                  "let r = run %s for ... steps; infer R from r", model->name);
        return;
    }
    check_vary_items(c, e->u.infer.model, e->u.infer.data, &e->u.infer.vary);
    check_infer_clauses(c, &e->u.infer.clauses);
}

static void check_sweep(checker *c, const ast_expr *e, int ctx)
{
    int base = c->nlocals;
    for (int i = 0; i < e->u.sweep.vars.n; i++) {
        const ast_sweepvar *v = e->u.sweep.vars.items[i];
        int errors = c->d->nerrors;
        check_expr(c, v->values, ctx);
        if (c->d->nerrors == errors)
            families_check_sizes(c, v->name, v->name_loc, v->values);
    }
    for (int i = 0; i < e->u.sweep.vars.n; i++) {
        const ast_sweepvar *v = e->u.sweep.vars.items[i];
        resolve_push_local(c, v->name);
    }
    c->in_sweep++;
    check_stmts(c, &e->u.sweep.body);
    c->in_sweep--;
    c->nlocals = base;
}

void check_expr(checker *c, const ast_expr *e, int ctx)
{
    switch (e->kind) {
    case E_NAME: resolve_name(c, e, ctx); return;
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
    case E_VERB: check_verb(c, e, ctx); return;
    case E_INFER: check_infer(c, e, ctx); return;
    case E_FIT: check_fit(c, e, ctx); return;
    default: return;
    }
}

int check_follows_ctx(int kind, const char *key)
{
    const model_key *k = model_key_named(key);
    int follows = k && (k->flags & MKEY_FOLLOWS) && (kind < 0 || kind == MODEL_RESOURCE);
    return follows ? CTX_T | CTX_STATE : 0;
}

/* Names in a setting's value; words such as `loss = ce` are the
 * settings module's to judge. */
void check_setting_names(checker *c, const ast_setting *s, int ctx)
{
    const model_key *key = model_key_named(s->key);
    const ast_expr *e = s->value;
    if (key && (key->type == MKEY_WORD || key->type == MKEY_RECORD))
        return;                 /* bare words, which the table's word lists judge */
    if (key && key->type == MKEY_VECTORS && e->kind == E_NAME &&
        !resolve_local_visible(c, e->u.name) && !symtab_get(&c->ir->names, e->u.name))
        return;
    if (key && key->type == MKEY_CORRELATION && e->kind == E_CALL && e->u.call.fn->kind == E_NAME &&
        !strcmp(e->u.call.fn->u.name, "gram"))
        return;
    check_expr(c, e, ctx);
}

/* ---- statements ---- */

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

static void unknown_plot_option(checker *c, const ast_setting *o)
{
    const char *names[PO_COUNT + 1];
    plotopt_names(names);
    diag_error(c->d, o->key_loc, "unknown plot option '%s'", o->key);
    const char *near = diag_suggest(o->key, names, PO_COUNT);
    if (near)
        diag_note(c->d, NULL, "did you mean '%s'?", near);
    diag_hint(c->d, "plot options are: loss, log, loglog, linear, markers, lines, series:, x:, y:, by:, "
                    "err:, title:, xlabel:, ylabel:");
}

/* A word alone, a `key: value` with its value. */
static int plot_option_form(checker *c, const ast_setting *o, const plotopt *p)
{
    if (p->kind == PLOTOPT_WORD && o->value) {
        diag_error(c->d, o->key_loc, "plot option '%s' takes no value", o->key);
        diag_hint(c->d, "write it alone: %s", p->example);
        return -1;
    }
    if (p->kind != PLOTOPT_WORD && !o->value) {
        diag_error(c->d, o->key_loc, "plot option '%s' needs a value", o->key);
        diag_hint(c->d, "as in %s", p->example);
        return -1;
    }
    return 0;
}

/* A bare name names a column or a series, known only at run time. */
static void check_plot_value(checker *c, const ast_setting *o, const plotopt *p)
{
    if (!o->value || (p->kind != PLOTOPT_TEXT && o->value->kind == E_NAME))
        return;
    check_expr(c, o->value, 0);
}

/* Known options, each at most once, one of each group, values as needed. */
static void check_plot_options(checker *c, const ast_vec *opts)
{
    const ast_setting *group_first[PLOTOPT_WHAT + 1] = {NULL};
    for (int i = 0; i < opts->n; i++) {
        const ast_setting *o = opts->items[i];
        int id = plotopt_find(o->key);
        if (id < 0) {
            unknown_plot_option(c, o);
            continue;
        }
        const plotopt *p = plotopt_at(id);
        const ast_setting *twice = NULL;
        for (int j = 0; j < i && !twice; j++)
            if (strcmp(((const ast_setting *)opts->items[j])->key, o->key) == 0)
                twice = opts->items[j];
        if (twice) {
            diag_error(c->d, o->key_loc, "plot option '%s' is given twice", o->key);
        } else if (p->group != PLOTOPT_ALONE && group_first[p->group]) {
            diag_error(c->d, o->key_loc, "'%s' and '%s' both choose %s", group_first[p->group]->key, o->key,
                       plotopt_group_what(p->group));
            if (p->group == PLOTOPT_AXES)
                diag_hint(c->d, "give one of log (y), loglog (x and y) or linear (neither)");
        } else if (plot_option_form(c, o, p) == 0) {
            if (p->group != PLOTOPT_ALONE)
                group_first[p->group] = o;
            check_plot_value(c, o, p);
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
        resolve_push_local(c, s->name);
        check_record_value(c, s);
        return;
    }
    case S_ASSIGN: {
        int errors = c->d->nerrors;
        const symbol *g = symtab_get(&c->ir->names, s->name);
        int model_key = !g && !resolve_local_visible(c, s->name) && model_with_key(c, s->name);
        if (!model_key)         /* a key's value may be a word, such as `solver = rk45` */
            check_expr(c, s->value, 0);
        if (!model_key && c->d->nerrors == errors && !c->repl)
            families_check_sizes(c, s->name, s->name_loc, s->value);
        c->params_assigned = 1;
        if (resolve_local_visible(c, s->name))
            check_record_value(c, s);
        if (resolve_local_visible(c, s->name) || (g && g->kind == SYM_PARAM))
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
        check_plot_options(c, &s->u.out.opts);
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
                diag_error(c->d, s->value->at, "'%s' is %s; 'graph' takes a model or a run result", g->name,
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
            !resolve_optimizer_kind(c, e->u.call.fn->u.name)) {
            char kinds[256];
            diag_error(c->d, e->at, "an optimizer is declared with one of %s, e.g. adam(lr: 3e-4)",
                       optimizer_kinds(kinds, sizeof kinds));
            return;
        }
        int k = lower_register_optimizer(c, e, s->name, s->name_loc, 0);
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

void check_stmts(checker *c, const ast_vec *stmts)
{
    int base = c->nlocals;
    for (int i = 0; i < stmts->n; i++)
        check_stmt(c, stmts->items[i]);
    c->nlocals = base;
}

/* ---- the passes and the entry points ---- */

/* Names in the parameters' values, then the -D overrides, then the
 * values themselves (a bad -D sets usage_error and skips them). */
static void check_params(checker *c, const check_options *opt)
{
    ir_program *ir = c->ir;
    char *name_errors = calloc((size_t)ir->nparams + 1, 1);
    if (!name_errors)
        abort();
    for (int i = 0; i < ir->nparams; i++) {
        int before = c->d->nerrors;
        check_expr(c, ir->params[i].init, CTX_PARAM);
        name_errors[i] = c->d->nerrors != before;
    }
    for (int i = 0; i < opt->ndefines; i++)
        if (loader_apply_define(c, opt->defines[i]) != 0)
            c->usage_error = 1;
    for (int i = 0; i < ir->nparams && !c->usage_error; i++)
        if (!name_errors[i])    /* evaluating would report the unknown name again */
            eval_param(&c->ev, i);
    free(name_errors);
}

/* Each function's body, with its parameters as locals. */
static void check_defs(checker *c)
{
    ir_program *ir = c->ir;
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
            resolve_push_local(c, p->key);
        }
        check_expr(c, def->value, CTX_T | CTX_STATE | CTX_FAMILY | CTX_DEF);
        c->nlocals = base;
    }
}

/* The passes, in the order their errors are reported. */
static void check_program(checker *c, const ast_program *main_prog, const check_options *opt)
{
    ir_program *ir = c->ir;
    ast_vec all = {0}, exec = {0}, owners = {0};
    loader_load_program(c, &all, main_prog, opt);
    if (c->d->nerrors)
        return;
    for (int i = 0; i < all.n; i++)
        resolve_declare_stmt(c, all.items[i], &exec);
    c->script = &exec;
    c->ev.params = ir->params;
    check_params(c, opt);
    if (c->usage_error)
        return;
    families_expand(c, &owners);
    check_defs(c);
    lower_skills(c, &owners);
    if (c->d->nerrors == 0)
        lower_find_cycles(c);
    check_stmts(c, &exec);      /* also registers every optimizer written */
    lower_models(c);
    check_known_rows(c);
    lower_optimizers(c, 0);
    lower_stmts(c, &exec);
}

ir_program *check_source(source *src, const check_options *opt, diag *d, int *status)
{
    ir_program *ir = calloc(1, sizeof *ir);
    if (!ir)
        abort();
    ir->a = arena_new();
    ir->src = src;
    pthread_mutex_init(&ir->keep_lock, NULL);
    symtab_init(&ir->names);
    loader_add_source(ir, src);
    checker c;
    checker_init(&c, ir, d, NULL);      /* parameters: set once they are declared */
    c.stdlib_only = opt->stdlib_only;
    c.ev.no_files = opt->stdlib_only;   /* confined: model settings load no data */
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
        resolve_push_local(&c, locals[i]);
    if (d->nerrors == before) {
        check_stmts(&c, &exec);
        check_known_rows(&c);
        lower_optimizers(&c, nopts);
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
        ir_settings_release(&ir->models[i].resolved);
    for (int i = 0; i < ir->nsources; i++)
        source_free(ir->sources[i]);
    free(ir->sources);
    pthread_mutex_destroy(&ir->keep_lock);
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
