#include "query.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "noisy.h"
#include "powerlaw.h"
#include "seedci.h"
#include "numfmt.h"
#include "resource.h"
#include "settings.h"

static int fail(eval_ctx *ev, const ast_expr *e, const char *msg, const char *name)
{
    diag_error(ev->d, e->at, msg, name);
    return -1;
}

static const result *result_arg(eval_ctx *ev, const ast_expr *e, const builtin *b, value v)
{
    if (v.kind == V_RESULT)
        return v.u.obj->u.res;
    diag_error(ev->d, e->at, "the first argument of '%s' must be a run result, not %s", b->name,
               value_kind_name(v.kind));
    return NULL;
}

static const char *skill_arg_name(eval_ctx *ev, value v)
{
    return v.kind == V_SKILL ? ev->ir->skills[v.u.index].name : v.kind == V_STR ? v.u.obj->u.str.text : NULL;
}

static int skill_arg(eval_ctx *ev, const ast_expr *e, const result *r, value v)
{
    const char *name = skill_arg_name(ev, v);
    if (!name)
        return fail(ev, e, "a skill is needed here, not %s", value_kind_name(v.kind));
    int k = result_skill(r, name);
    if (k < 0) {
        diag_error(ev->d, e->at, "'%s' is not a skill of model '%s'", name, r->model);
        return -1;
    }
    return k;
}

static int number_arg(eval_ctx *ev, const ast_expr *e, value v, const char *what, double *x)
{
    if (!value_is_number(v))
        return fail(ev, e, "%s must be a number", what);
    *x = v.u.num;
    return 0;
}

static int row_arg(eval_ctx *ev, const ast_expr *e, const result *r, value v)
{
    double step;
    if (number_arg(ev, e, v, "the step", &step) != 0)
        return -1;
    int row = result_row_at(r, step);
    if (row < 0) {
        char a[NUMFMT_MAX], b[NUMFMT_MAX], c[NUMFMT_MAX];
        diag_error(ev->d, e->at, "step %s was not recorded (this run recorded steps %s to %s)",
                   numfmt(a, step), numfmt(b, r->nrec ? r->steps[0] : 0),
                   numfmt(c, r->nrec ? r->steps[r->nrec - 1] : 0));
        diag_hint(ev->d, "record it with 'every' (the default records about 1000 rows)");
    }
    return row;
}

static value column(const double *x, int n, int stride)
{
    value v = value_vec(n);
    for (int i = 0; i < n; i++)
        v.u.obj->u.vec.x[i] = x[(size_t)i * stride];
    return v;
}

/* Eq. 3 applies to a resource model with identity correlation, no
 * dependencies, constant frequencies and the squared-error loss. */
static int closed_form(eval_ctx *ev, const ast_expr *e, value *args, value *out)
{
    if (args[0].kind != V_MODEL || ev->ir->models[args[0].u.index].kind != MODEL_RESOURCE)
        return fail(ev, e, "closed_form_time needs a resource model first%s", "");
    const ir_model *m = &ev->ir->models[args[0].u.index];
    const char *name = skill_arg_name(ev, args[1]);
    double level;
    if (!name)
        return fail(ev, e, "closed_form_time needs a skill second%s", "");
    if (number_arg(ev, e, args[2], "the level", &level) != 0)
        return -1;
    ir_settings set;
    if (settings_resolve(ev, m, NULL, &set) != 0)
        return -1;
    const char *why = set.loss != LOSS_MSE ? "its loss is not mse"
                    : set.correlation.kind != V_NONE ? "it has a correlation matrix"
                    : set.eta_expr || set.N0_expr ? "its eta or N0 varies in time or with the state" : NULL;
    double *params = ir_param_values(ev->params, ev->ir->nparams), *p = malloc(((size_t)set.nskills + 1) * sizeof *p);
    int x = -1;
    dist_cache cache = {0, 0, 0, 0, 0};
    for (int k = 0; k < set.nskills && !why; k++) {
        const ir_skill *sk = &ev->ir->skills[set.skills[k]];
        if (m->bfactor && m->bfactor[set.skills[k]])
            why = "its skills have dependencies";
        else if (!expr_is_constant(sk->freq))
            why = "its frequencies vary in time or with the state";
        expr_env env = {params, 0, NULL, NULL, NULL, &cache};
        p[k] = why ? 0 : expr_eval(sk->freq, &env);
        if (strcmp(sk->name, name) == 0)
            x = k;
    }
    int rc = 0;
    if (why) {
        diag_error(ev->d, e->at, "Eq. 3 does not apply to model '%s': %s", m->name, why);
        diag_hint(ev->d, "run the model and use time_to(r, X, level) instead");
        rc = -1;
    } else if (x < 0) {
        rc = fail(ev, e, "'%s' is not a skill of this model", name);
    } else {
        *out = value_num(resource_closed_form_time(p, set.nskills, x, level, set.eta, set.N0));
    }
    free(params);
    free(p);
    settings_release(&set);
    return rc;
}

/* "train_loss, train_acc and test_acc" */
static void series_names(const result *r, char *buf, size_t size)
{
    snprintf(buf, size, "level%s", r->align ? ", align" : "");
    for (int e = 0; e < r->nseries; e++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", e + 1 == r->nseries ? " and " : ", ",
                 r->series[e].name);
}

/* series(r, "test_acc", X): a recorded per-skill series as a vector. */
static int series_query(eval_ctx *ev, const ast_expr *e, const result *r, value *args, value *out)
{
    const char *name = args[1].kind == V_STR ? args[1].u.obj->u.str.text : NULL;
    if (!name)
        return fail(ev, e, "series needs the series' name second, as a string, not %s",
                    value_kind_name(args[1].kind));
    int k = skill_arg(ev, e, r, args[2]);
    if (k < 0)
        return -1;
    int s = result_find_series(r, name);
    const double *x = s >= 0 ? r->series[s].x : strcmp(name, "level") == 0 ? r->levels
                    : strcmp(name, "align") == 0 ? r->align : NULL;
    if (!x) {
        char names[256];
        series_names(r, names, sizeof names);
        diag_error(ev->d, e->at, "a run of '%s' has no series '%s'", r->model, name);
        diag_hint(ev->d, "it recorded %s", names);
        return -1;
    }
    *out = column(x + k, r->nrec, r->nskills);
    return 0;
}

/* A query about one skill asked of a list of skills gives a vector. */
static int query_each(eval_ctx *ev, const ast_expr *e, const builtin *b, value *args, int n, value *out)
{
    value list = args[1];
    int count = list.u.obj->u.list.n;
    value v = value_vec(count);
    for (int i = 0; i < count; i++) {
        value one;
        args[1] = list.u.obj->u.list.items[i];
        int rc = query_call(ev, e, b, args, n, &one);
        if (rc == 0 && !value_is_number(one)) {
            value_release(one);
            rc = fail(ev, e, "'%s' of a list of skills gives one number per skill", b->name);
        }
        if (rc != 0) {
            args[1] = list;
            value_release(v);
            return -1;
        }
        v.u.obj->u.vec.x[i] = one.u.num;
    }
    args[1] = list;
    *out = v;
    return 0;
}

/* loss_at and level at a vector of steps give a vector. */
static int query_steps(eval_ctx *ev, const ast_expr *e, const builtin *b, value *args, int n, value *out)
{
    int at = b->id == QUERY_LOSS_AT ? 1 : 2;
    value steps = args[at];
    int count = steps.u.obj->u.vec.n;
    value v = value_vec(count);
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        value one;
        args[at] = value_num(steps.u.obj->u.vec.x[i]);
        if ((rc = query_call(ev, e, b, args, n, &one)) == 0)
            v.u.obj->u.vec.x[i] = one.u.num;
    }
    args[at] = steps;
    if (rc != 0)
        value_release(v);
    else
        *out = v;
    return rc;
}

int query_call(eval_ctx *ev, const ast_expr *e, const builtin *b, value *args, int n, value *out)
{
    if ((b->id == QUERY_LOSS_AT && n == 2 && args[1].kind == V_VEC) ||
        (b->id == QUERY_LEVEL && n == 3 && args[2].kind == V_VEC && args[1].kind != V_LIST))
        return query_steps(ev, e, b, args, n, out);
    if (b->id == QUERY_BOOTSTRAP_SLOPE || b->id == QUERY_BOOTSTRAP_POWERLAW)
        return seedci_bootstrap(ev, e, args, n, b->id == QUERY_BOOTSTRAP_SLOPE, out);
    if (b->id == QUERY_T_SLOPE || b->id == QUERY_T_POWERLAW)
        return seedci_t(ev, e, args, n, b->id == QUERY_T_SLOPE, out);
    if (b->id == QUERY_JACKKNIFE_SLOPE || b->id == QUERY_JACKKNIFE_POWERLAW)
        return fit_jackknife(ev, e, args, n, b->id == QUERY_JACKKNIFE_SLOPE, out);
    if (n >= 2 && args[1].kind == V_LIST && b->id != QUERY_FIT_POWERLAW && b->id != QUERY_COLLAPSE &&
        b->id != QUERY_TWO_POINT && b->id != QUERY_SERIES && b->id != QUERY_NOISY)
        return query_each(ev, e, b, args, n, out);
    if (b->id == QUERY_CLOSED_FORM)
        return closed_form(ev, e, args, out);
    if (b->id == QUERY_FIT_POWERLAW)
        return fit_powerlaw(ev, e, args, n, out);
    if (b->id == QUERY_TWO_POINT)
        return fit_two_point(ev, e, args, out);
    if (b->id == QUERY_NOISY)
        return noisy_result(ev, e, args, out);
    const result *r = result_arg(ev, e, b, args[0]);
    if (!r)
        return -1;
    int k, row;
    double level;
    switch (b->id) {
    case QUERY_FINAL_LOSS:
        *out = value_num(r->nrec ? r->loss[r->nrec - 1] : NAN);
        return 0;
    case QUERY_LOSS_AT:
        if ((row = row_arg(ev, e, r, args[1])) < 0)
            return -1;
        *out = value_num(r->loss[row]);
        return 0;
    case QUERY_LEVEL:
        if ((k = skill_arg(ev, e, r, args[1])) < 0 || (row = row_arg(ev, e, r, args[2])) < 0)
            return -1;
        *out = value_num(r->levels[(size_t)row * r->nskills + k]);
        return 0;
    case QUERY_TIME_TO:
        if ((k = skill_arg(ev, e, r, args[1])) < 0 || number_arg(ev, e, args[2], "the level", &level) != 0)
            return -1;
        *out = value_num(result_time_to(r, k, level));
        return 0;
    case QUERY_SERIES:
        return series_query(ev, e, r, args, out);
    case QUERY_COLLAPSE:
        if ((k = skill_arg(ev, e, r, args[1])) < 0)
            return -1;
        *out = value_vec(r->nrec);
        for (int i = 0; i < r->nrec; i++) {
            double u = 1 - r->levels[(size_t)i * r->nskills + k];
            out->u.obj->u.vec.x[i] = isnan(u) ? NAN : pow(u > 0 ? u : 0, 1 / r->p0[k]);  /* missing stays missing */
        }
        return 0;
    default:
        return fail(ev, e, "'%s' cannot be used here", b->name);
    }
}

int query_member(eval_ctx *ev, const ast_expr *e, const result *r, const char *name, value *out)
{
    if (strcmp(name, "steps") == 0) {
        *out = column(r->steps, r->nrec, 1);
        return 0;
    }
    if (strcmp(name, "loss") == 0) {
        *out = column(r->loss, r->nrec, 1);
        return 0;
    }
    int k = result_skill(r, name);
    if (k >= 0) {
        *out = column(r->levels + k, r->nrec, r->nskills);
        return 0;
    }
    int series = result_split_column(r, name, &k);
    if (series != -1) {
        *out = column(series == -2 ? r->align + k : r->series[series].x + k, r->nrec, r->nskills);
        return 0;
    }
    diag_error(ev->d, e->u.member.name_loc, "a run of '%s' has no field '%s'", r->model, name);
    if (r->nseries > 0)
        diag_hint(ev->d, "its fields are steps, loss, the names of its skills and %s_NAME%s%s_NAME%s%s_NAME",
                  r->series[0].name, r->nseries > 2 ? ", " : r->nseries > 1 ? " and " : "",
                  r->nseries > 1 ? r->series[1].name : "", r->nseries > 2 ? " and " : "",
                  r->nseries > 2 ? r->series[2].name : "");
    else
        diag_hint(ev->d, r->align ? "its fields are steps, loss, the names of its skills and align_NAME"
                                  : "its fields are steps, loss and the names of its skills");
    return -1;
}
