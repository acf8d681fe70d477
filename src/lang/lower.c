/* lower.c - the checked program compiled into the IR: each skill's
 * frequency, gate and prerequisites (and the dependency cycles among
 * them), each model's keys and resolved settings with its dependency
 * factors, each optimizer's arguments, and the statements the script
 * runs.  Separate because it runs only on names already resolved. */
#include "checker.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "datadir.h"
#include "numfmt.h"
#include "optim.h"
#include "parse.h"
#include "settings.h"
#include "xalloc.h"

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
        resolve_suggest(c, name, 1);
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
void lower_skills(checker *c, const ast_vec *owners)
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
void lower_find_cycles(checker *c)
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
        check_setting_names(c, s, CTX_MODEL | check_follows_ctx((int)m->kind, s->key));
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
    loader_add_source(c->ir, src);
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

void lower_models(checker *c)
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

/* ---- optimizers ---- */

/* An optimizer call: its keys are checked and it becomes an IR optimizer. */
int lower_register_optimizer(checker *c, const ast_expr *e, const char *name, loc at, int ctx)
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

/* Inside a sweep an optimizer's arguments may name the sweep's variables;
 * they were checked with their statement and stand as placeholders here
 * (a run compiles the arguments again with the values in force). */
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

void lower_optimizers(checker *c, int from)
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

/* ---- statements ---- */

void lower_stmts(checker *c, const ast_vec *exec)
{
    ir_program *ir = c->ir;
    ir->stmts = arena_alloc(c->a, ((size_t)exec->n + 1) * sizeof *ir->stmts);
    for (int i = 0; i < exec->n; i++) {
        const ast_stmt *s = exec->items[i];
        if (s->kind != S_OPTIMIZER)     /* registered in the IR's optimizers */
            ir->stmts[ir->nstmts++] = s;
    }
}
