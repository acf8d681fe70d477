#include "run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "blas.h"
#include "geometry.h"
#include "netrun.h"
#include "modelkeys.h"
#include "numfmt.h"
#include "output.h"
#include "settings.h"

enum { MAX_STEPS = 1000000000 };

typedef struct saved_param {
    int k;
    value val;
    int fixed;
} saved_param;

int run_check_count_at(diag *d, loc at, const char *what, double lo, double x)
{
    if (x == floor(x) && x >= lo && x <= MAX_STEPS)
        return 0;
    diag_error(d, at, "%s must be a whole number from %.0f to %d", what, lo, MAX_STEPS);
    return -1;
}

int run_check_count(diag *d, const ast_expr *e, const char *what, double lo, double x)
{
    return run_check_count_at(d, e->at, what, lo, x);
}

int run_row_numbers(const ir_settings *set, ast_model_kind kind)
{
    int align = kind == MODEL_GEOMETRY && set->record_align;
    int series = kind == MODEL_NETWORK ? 3 : 0;
    return 2 + set->nskills * (1 + align + series);
}

/* Rows grow by doubling, so a result may hold twice the rows it uses. */
int run_check_rows(diag *d, loc at, const char *model, double steps, double every, int numbers)
{
    double rows = floor(steps / every) + 1 + (fmod(steps, every) != 0);
    double need = 2 * rows * numbers * sizeof(double), have = settings_memory_bytes();
    if (!(have > 0 && need > 0.8 * have))
        return 0;
    diag_error(d, at, "run of '%s' would record %.0f rows of %d numbers (%.1f GB), more than "
               "this machine's memory", model, rows, numbers, rows * numbers * sizeof(double) / 1e9);
    diag_hint(d, "raise 'every' (a row is recorded every %.0f step%s now), or run fewer steps", every,
              every == 1 ? "" : "s");
    return -1;
}

/* `with` keys naming parameters (and not keys of the model) set them for
 * this run; SAVED keeps what to put back. */
static int apply_param_overrides(eval_ctx *ev, const ir_model *m, const setting_list *with,
                                 saved_param *saved, int *nsaved)
{
    for (int i = 0; i < with->n; i++) {
        const setting_value *s = &with->items[i];
        if (settings_key_known(m->kind, s->key))
            continue;
        int k = ir_find_param(ev->ir, s->key);
        if (k < 0) {
            diag_error(ev->d, s->key_loc, "'%s' is neither a key of %s model nor a parameter",
                       s->key, ir_model_kind_name(m->kind));
            return -1;
        }
        saved[*nsaved] = (saved_param){k, value_retain(ev->params[k].val), ev->params[k].fixed};
        (*nsaved)++;
        if (eval_set_param(ev, k, value_retain(s->v), 1) != 0 ||
            eval_check_family_sizes(ev, s->key_loc, s->key) != 0)
            return -1;
    }
    return 0;
}

static void restore_params(eval_ctx *ev, saved_param *saved, int nsaved)
{
    for (int i = nsaved - 1; i >= 0; i--)
        eval_set_param(ev, saved[i].k, saved[i].val, saved[i].fixed);
}

/* gram(G): C_ij = t_i . t_j from geometry model G's task vectors, for the
 * resource model's skills (each must be one of G's). */
static double *gram(eval_ctx *ev, const ir_model *m, const ir_settings *set, loc at)
{
    const ir_model *g = &ev->ir->models[set->correlation.u.index];
    ir_settings gs;
    if (settings_resolve(ev, g, NULL, &gs) != 0)
        return NULL;
    int K = set->nskills, n = (int)gs.dim;
    int *row = malloc(((size_t)K + 1) * sizeof *row);
    double *C = NULL, *T = NULL;
    char err[512];
    for (int i = 0; i < K; i++) {
        row[i] = -1;
        for (int j = 0; j < gs.nskills; j++)
            if (gs.skills[j] == set->skills[i])
                row[i] = j;
        if (row[i] < 0) {
            diag_error(ev->d, at, "gram(%s) in model '%s': skill '%s' is not one of %s's", g->name,
                       m->name, ev->ir->skills[set->skills[i]].name, g->name);
            goto done;
        }
    }
    if (!(T = geometry_vectors(&gs, gs.nskills, err, sizeof err))) {
        diag_error(ev->d, at, "gram(%s): %s", g->name, err);
        goto done;
    }
    C = malloc(((size_t)K * K + 1) * sizeof *C);
    for (int i = 0; i < K; i++)
        for (int j = 0; j < K; j++)
            C[(size_t)i * K + j] = cblas_ddot(n, T + (size_t)row[i] * n, 1, T + (size_t)row[j] * n, 1);
done:
    free(row);
    free(T);
    settings_release(&gs);
    return C;
}

static double *correlation(eval_ctx *ev, const ir_model *m, const ir_settings *set, loc at)
{
    if (set->correlation.kind == V_MATRIX) {
        const vobj *o = set->correlation.u.obj;
        double *c = malloc((size_t)o->u.mat.rows * o->u.mat.cols * sizeof *c + 1);
        memcpy(c, o->u.mat.x, (size_t)o->u.mat.rows * o->u.mat.cols * sizeof *c);
        return c;
    }
    return gram(ev, m, set, at);
}

xname run_lookup(void *ctx, const char *name)
{
    eval_ctx *ev = ctx;
    xname xn = {XN_UNKNOWN, 0, 0, NULL, NULL};
    scope_var *var = scope_find(ev->locals, name);
    if (var) {
        if (value_is_number(var->v)) {
            xn.kind = XN_NUMBER;
            xn.value = var->v.u.num;
        } else {
            xn.kind = XN_OTHER;
            xn.what = value_kind_name(var->v.kind);
        }
        return xn;
    }
    const symbol *s = symtab_get(&ev->ir->names, name);
    if (!s)
        return xn;
    if (s->kind == SYM_PARAM && value_is_number(ev->params[s->index].val)) {
        xn.kind = XN_PARAM;
        xn.index = s->index;
    } else if (s->kind == SYM_DEF) {
        xn.kind = XN_DEF;
        xn.def = ev->ir->defs[s->index];
    } else if (s->kind == SYM_SKILL) {
        xn.kind = XN_SKILL;
        xn.index = s->index;
    } else {
        xn.kind = XN_OTHER;
        xn.what = s->kind == SYM_PARAM ? value_kind_name(ev->params[s->index].val.kind)
                                       : sym_kind_name(s->kind);
    }
    return xn;
}

/* A learning rate that does not follow t is known before the first step. */
static int check_constant_lr(eval_ctx *ev, const ir_optimizer *o, const ast_expr *e, const expr_prog *lr)
{
    if (!expr_is_constant(lr))
        return 0;
    double *params = ir_param_values(ev->params, ev->ir->nparams);
    expr_env env = {params, 0, NULL, NULL, NULL, NULL};
    double x = expr_eval(lr, &env);
    free(params);
    const char *range = optim_lr_invalid(x, 0);
    if (!range)
        return 0;
    char buf[NUMFMT_MAX];
    diag_error(ev->d, e->at, "%s's 'lr' is %s; it must be %s", o->kind_name, numfmt(buf, x), range);
    return -1;
}

/* An optimizer's hyper-parameters for this run: lr compiled (it may follow
 * t), the others evaluated and checked. */
static int optimizer_for_run(eval_ctx *ev, const ir_optimizer *o, arena *a, geometry_optimizer *out)
{
    out->config = optim_defaults((optim_kind)o->kind);
    out->lr = NULL;
    optim_config *c = &out->config;
    for (int i = 0; i < o->nargs; i++) {
        const char *key = o->keys[i];
        const ast_expr *e = o->arg_asts[i];
        if (strcmp(key, "lr") == 0) {
            expr_scope sc = {run_lookup, ev, 1, 0, 0, 0, 0, "learning rate", ev->d, a, NULL, NULL};
            if (!(out->lr = expr_compile(&sc, e)) || check_constant_lr(ev, o, e, out->lr) != 0)
                return -1;
            continue;
        }
        const optim_key *row = optim_key_find(optim_of_kind(c->kind), key);
        double x;
        if (eval_number(ev, e, key, &x) != 0)
            return -1;
        const char *range = optim_key_invalid(row, x);
        if (range) {
            char buf[NUMFMT_MAX];
            diag_error(ev->d, e->at, "%s's '%s' is %s; it must be %s", o->kind_name, key,
                       numfmt(buf, x), range);
            return -1;
        }
        optim_config_set(c, row, x);
    }
    return out->lr ? 0 : -1;
}

static int write_result(eval_ctx *ev, const ast_expr *path_expr, const result *r)
{
    value v;
    if (eval_expr(ev, path_expr, &v) != 0)
        return -1;
    int rc = -1;
    if (v.kind != V_STR || v.u.obj->u.str.len == 0)
        diag_error(ev->d, path_expr->at, "an output file name must be a non-empty string");
    else
        rc = output_save_result(ev->d, path_expr->at, ev->outdir, v.u.obj->u.str.text, r,
                                ev->output);
    value_release(v);
    return rc;
}

/* A constant frequency for a run that overrides one: a one-instruction program. */
static expr_prog *constant_program(arena *a, double x)
{
    expr_prog *p = arena_alloc(a, sizeof *p);
    p->code = arena_alloc(a, sizeof *p->code);
    p->code[0] = (x_instr){X_CONST, 0, 0, 0, {.k = x}};
    p->n = 1;
    p->flags = 0;
    return p;
}

/* A resource model's eta or N0 that follows t or the state, compiled as
 * frequencies are (NULL in *OUT when it is a number). */
static int compile_follows(eval_ctx *ev, const ast_expr *e, const char *what, arena *a, expr_prog **out)
{
    *out = NULL;
    if (!e)
        return 0;
    expr_scope sc = {run_lookup, ev, 1, 1, 0, 0, 0, what, ev->d, a, NULL, NULL};
    *out = expr_compile(&sc, e);
    return *out ? 0 : -1;
}

static int check_overrides(eval_ctx *ev, loc at, const ir_model *m, const run_overrides *ovr)
{
    if (!ovr || !ovr->u0 || m->kind == MODEL_RESOURCE)
        return 0;
    for (int i = 0; i < ev->ir->nskills; i++)
        if (!isnan(ovr->u0[i])) {
            diag_error(ev->d, at, "an initial unskill u0(%s) is for resource models; '%s' is a %s model",
                       ev->ir->skills[i].name, m->name, ir_model_kind_name(m->kind));
            return -1;
        }
    return 0;
}

static int run_backend(eval_ctx *ev, loc at, const ir_model *m, ir_settings *set,
                       const run_overrides *ovr, long steps, long every, result **res)
{
    ir_program *ir = ev->ir;
    double width = (set->has_dim && set->dim > 1 ? set->dim : 1) * (set->batch > 1 ? set->batch : 1);
    if (m->kind == MODEL_NETWORK)       /* the numbers a step touches */
        width = network_bytes(set, set->nskills) / sizeof(double) / (set->nskills + 1);
    if (eval_spend(ev, at, ((double)steps + 1) * (set->nskills + 1) * width) != 0)
        return -1;
    geometry_optimizer gopt;
    arena *scratch = arena_new();
    if ((m->kind == MODEL_GEOMETRY || m->kind == MODEL_NETWORK) &&
        optimizer_for_run(ev, &ir->opts[set->optimizer.u.index], scratch, &gopt) != 0) {
        arena_free(scratch);
        return -1;
    }
    expr_prog *eta = NULL, *N0 = NULL;
    if (compile_follows(ev, set->eta_expr, "value of eta", scratch, &eta) != 0 ||
        compile_follows(ev, set->N0_expr, "value of N0", scratch, &N0) != 0) {
        arena_free(scratch);
        return -1;
    }
    double *corr = NULL;
    if (set->correlation.kind != V_NONE && !(corr = correlation(ev, m, set, at))) {
        arena_free(scratch);
        return -1;
    }
    const char **names = malloc(((size_t)set->nskills + 1) * sizeof *names);
    const ir_dep **needs = malloc(((size_t)ir->nskills + 1) * sizeof *needs);
    expr_prog **freq = malloc(((size_t)ir->nskills + 1) * sizeof *freq);
    for (int k = 0; k < set->nskills; k++)
        names[k] = ir->skills[set->skills[k]].name;
    for (int i = 0; i < ir->nskills; i++) {
        needs[i] = ir->skills[i].needs;
        freq[i] = ovr && ovr->freq && !isnan(ovr->freq[i]) ? constant_program(scratch, ovr->freq[i])
                                                           : ir->skills[i].freq;
    }
    double *params = ir_param_values(ev->params, ir->nparams);
    char err[1024] = "";
    char label[128];
    snprintf(label, sizeof label, "run %s", m->name);
    progress *prog = progress_new(label, !ev->quiet, ev->progress);
    backend_run b = {m->name, ir->nskills, set->nskills, set->skills, names, freq,
                     ovr && ovr->bfactor ? ovr->bfactor : m->bfactor, needs, params, set, corr,
                     steps, every, prog, ev->threads, err, sizeof err, ev->cancel,
                     ovr ? ovr->u0 : NULL, eta, N0};
    int rc = m->kind == MODEL_RESOURCE ? resource_run(&b, res)
           : m->kind == MODEL_DOMINO ? domino_run(&b, res)
           : m->kind == MODEL_QUANTA ? quanta_run(&b, res)
           : m->kind == MODEL_GEOMETRY ? geometry_run(&b, &gopt, res) : network_run(&b, &gopt, res);
    progress_free(prog);
    if (rc == 0 && ev->steps_done)
        __atomic_add_fetch(ev->steps_done, steps, __ATOMIC_RELAXED);
    if (rc != 0 && !cancel_requested(ev->cancel))
        diag_error(ev->d, at, "%s", err);
    free(params);
    free(names);
    free(needs);
    free(freq);
    free(corr);
    arena_free(scratch);
    return rc;
}

/* gate and skills shape the compiled program; a run cannot change them. */
static int check_with_keys(eval_ctx *ev, const setting_list *with)
{
    for (int i = 0; i < with->n; i++) {
        const setting_value *s = &with->items[i];
        const model_key *key = model_key_named(s->key);
        if (key && (key->flags & MKEY_FIXED)) {
            diag_error(ev->d, s->key_loc, "'%s' cannot be changed by 'with'; declare another model",
                       s->key);
            return -1;
        }
    }
    return 0;
}

static int check_span(eval_ctx *ev, const ir_model *m, const run_span *span)
{
    if (ev->depth >= EVAL_MAX_DEPTH) {     /* a model's settings may run models, even itself */
        diag_error(ev->d, span->at, "runs nest more than %d deep; do the settings of '%s' run it?",
                   EVAL_MAX_DEPTH, m->name);
        diag_hint(ev->d, "a model's settings are resolved before it runs: they cannot use its own runs");
        return -1;
    }
    if (run_check_count_at(ev->d, span->steps_at, "the number of steps", 0, span->steps) != 0)
        return -1;
    return run_check_count_at(ev->d, span->every_at, "'every'", 1, span->every);
}

int run_model(eval_ctx *ev, int model, const setting_value *with, int nwith,
              const run_overrides *ovr, const run_span *span, result **out)
{
    const ir_model *m = &ev->ir->models[model];
    setting_list list = {with, nwith};
    if (check_span(ev, m, span) != 0 || check_with_keys(ev, &list) != 0 ||
        check_overrides(ev, span->at, m, ovr) != 0)
        return -1;
    saved_param *saved = calloc((size_t)nwith + 1, sizeof *saved);
    int nsaved = 0;
    ir_settings set;
    memset(&set, 0, sizeof set);
    result *res = NULL;
    int rc = apply_param_overrides(ev, m, &list, saved, &nsaved);
    ev->depth++;
    if (rc == 0)
        rc = settings_resolve(ev, m, &list, &set);
    ev->depth--;
    if (rc == 0)
        rc = run_check_rows(ev->d, span->every_at, m->name, span->steps, span->every,
                            run_row_numbers(&set, m->kind));
    if (rc == 0)
        rc = run_backend(ev, span->at, m, &set, ovr, (long)span->steps, (long)span->every, &res);
    settings_release(&set);
    restore_params(ev, saved, nsaved);
    free(saved);
    if (rc != 0)
        result_free(res);
    else
        *out = res;
    return rc;
}

/* The `with` clause's values, in the order written, before any applies. */
static int eval_with(eval_ctx *ev, const ir_model *m, const ast_vec *with, setting_value *out)
{
    for (int i = 0; i < with->n; i++) {
        const ast_setting *s = with->items[i];
        out[i] = (setting_value){s->key, s->key_loc, s->value->at, {V_NONE, {0}}, s->value};
    }
    if (check_with_keys(ev, &(setting_list){out, with->n}) != 0)
        return -1;
    for (int i = 0; i < with->n; i++) {
        const ast_setting *s = with->items[i];
        value v;            /* kept only once evaluated: a failed evaluation owns nothing */
        int rc = settings_key_known(m->kind, s->key) ? settings_value_of(ev, s, &v)
                                                      : eval_expr(ev, s->value, &v);
        if (rc != 0)
            return -1;
        out[i].v = v;
    }
    return 0;
}

static int eval_span(eval_ctx *ev, const ast_expr *e, run_span *span)
{
    const ast_expr *steps = e->u.run.steps, *every = e->u.run.every;
    *span = (run_span){0, 1, e->at, steps->at, (every ? every : steps)->at};
    if (eval_number(ev, steps, "the number of steps", &span->steps) != 0 ||
        run_check_count(ev->d, steps, "the number of steps", 0, span->steps) != 0)
        return -1;
    span->every = span->steps / 1000 >= 1 ? floor(span->steps / 1000) : 1;
    if (every && (eval_number(ev, every, "'every'", &span->every) != 0 ||
                  run_check_count(ev->d, every, "'every'", 1, span->every) != 0))
        return -1;
    return 0;
}

/* run M with KEY = expr, ... for N steps every K -> file */
int run_eval(eval_ctx *ev, const ast_expr *e, value *out)
{
    value mv;
    if (eval_expr(ev, e->u.run.model, &mv) != 0)
        return -1;
    if (mv.kind != V_MODEL) {
        diag_error(ev->d, e->u.run.model->at, "'run' needs a model, not %s", value_kind_name(mv.kind));
        value_release(mv);
        return -1;
    }
    const ir_model *m = &ev->ir->models[mv.u.index];
    int nwith = e->u.run.with.n;
    setting_value *with = calloc((size_t)nwith + 1, sizeof *with);
    run_span span;
    result *res = NULL;
    int rc = eval_span(ev, e, &span);
    if (rc == 0)
        rc = eval_with(ev, m, &e->u.run.with, with);
    if (rc == 0)
        rc = run_model(ev, mv.u.index, with, nwith, NULL, &span, &res);
    for (int i = 0; i < nwith; i++)
        value_release(with[i].v);
    free(with);
    if (rc == 0 && e->u.run.out)
        rc = write_result(ev, e->u.run.out, res);
    if (rc != 0) {
        result_free(res);
        return -1;
    }
    *out = value_result(res);
    return 0;
}
