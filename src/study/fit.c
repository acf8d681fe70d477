#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>

#include "fitmulti.h"
#include "fitresult.h"
#include "result.h"
#include "run.h"

/* ---- fit M to r vary KEY in [lo, hi] ---- */

enum { SCAN_POINTS = 25, BRENT_ITERATIONS = 60 };

typedef struct fit_job {
    eval_ctx *ev;
    int model;
    setting_value trial;        /* KEY = the value tried */
    run_span span;              /* the target's steps */
    const result *target;
    int evaluations, failed;
} fit_job;

/* Mean squared difference of the levels of the skills both runs share, at
 * the steps both recorded where A (the target) has a value: a missing one
 * (NaN, from a data file) is skipped. */
static double curve_distance(const result *a, const result *b)
{
    double sum = 0;
    long count = 0;
    for (int ka = 0; ka < a->nskills; ka++) {
        int kb = result_skill(b, a->names[ka]);
        if (kb < 0)
            continue;
        for (int ra = 0; ra < a->nrec; ra++) {
            int rb = result_row_at(b, a->steps[ra]);
            if (rb < 0)
                continue;
            double want = a->levels[(size_t)ra * a->nskills + ka];
            if (isnan(want))
                continue;
            double d = want - b->levels[(size_t)rb * b->nskills + kb];
            sum += d * d;
            count++;
        }
    }
    return count ? sum / (double)count : NAN;
}

static double objective(double log_value, void *arg)
{
    fit_job *job = arg;
    if (job->failed)
        return NAN;
    job->trial.v = value_num(exp(log_value));
    result *r = NULL;
    job->evaluations++;
    if (run_model(job->ev, job->model, &job->trial, 1, NULL, &job->span, &r) != 0) {
        job->failed = 1;
        return NAN;
    }
    double d = curve_distance(job->target, r);
    result_free(r);
    return d;
}

/* The runs tried record the steps the target recorded. */
static run_span target_span(const result *t, loc at)
{
    return fit_data_span(&t, 1, -INFINITY, INFINITY, at);
}

static int fit_range(eval_ctx *ev, const ast_vary *item, double *lo, double *hi)
{
    value v;
    if (eval_expr(ev, item->range, &v) != 0)
        return -1;
    int ok = v.kind == V_VEC && v.u.obj->u.vec.n == 2 && v.u.obj->u.vec.x[0] > 0 &&
             v.u.obj->u.vec.x[1] > v.u.obj->u.vec.x[0] && isfinite(v.u.obj->u.vec.x[1]);
    if (ok) {
        *lo = v.u.obj->u.vec.x[0];
        *hi = v.u.obj->u.vec.x[1];
    } else {
        diag_error(ev->d, item->range->at, "'vary %s in [lo, hi]' needs 0 < lo < hi", item->key);
    }
    value_release(v);
    return ok ? 0 : -1;
}

/* A coarse scan on a log grid finds the basin; Brent's method refines it. */
static double minimise(fit_job *job, double lo, double hi, double *best_f)
{
    double a = log(lo), b = log(hi), xs[SCAN_POINTS], fs[SCAN_POINTS];
    int best = 0;
    for (int i = 0; i < SCAN_POINTS && !job->failed; i++) {
        xs[i] = a + (b - a) * i / (SCAN_POINTS - 1);
        fs[i] = objective(xs[i], job);
        if (!(fs[i] >= fs[best]))
            best = i;
    }
    *best_f = fs[best];
    if (job->failed || best == 0 || best == SCAN_POINTS - 1 || !isfinite(fs[best]))
        return exp(xs[best]);
    gsl_function F = {objective, job};
    gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    double x = xs[best];
    if (gsl_min_fminimizer_set_with_values(m, &F, xs[best], fs[best], xs[best - 1], fs[best - 1],
                                           xs[best + 1], fs[best + 1]) == GSL_SUCCESS) {
        for (int it = 0; it < BRENT_ITERATIONS && !job->failed; it++) {
            if (gsl_min_fminimizer_iterate(m) != GSL_SUCCESS)
                break;
            double l = gsl_min_fminimizer_x_lower(m), u = gsl_min_fminimizer_x_upper(m);
            if (gsl_min_test_interval(l, u, 1e-6, 0) == GSL_SUCCESS)
                break;
        }
        x = gsl_min_fminimizer_x_minimum(m);
        *best_f = gsl_min_fminimizer_f_minimum(m);
    }
    gsl_min_fminimizer_free(m);
    return exp(x);
}

int fit_key(eval_ctx *ev, int model, const char *key, loc key_loc, loc at, const result *target,
            double lo, double hi, value *out)
{
    fit_job job = {ev, model, {key, key_loc, at, {V_NONE, {0}}, NULL}, target_span(target, at), target, 0, 0};
    double residual = NAN, best = minimise(&job, lo, hi, &residual);
    if (job.failed)
        return -1;
    static const char *const keys[] = {NULL, "residual", "evaluations"};
    *out = value_record(3);
    out->u.obj->u.rec.keys[0] = key;
    out->u.obj->u.rec.keys[1] = keys[1];
    out->u.obj->u.rec.keys[2] = keys[2];
    out->u.obj->u.rec.vals[0] = value_num(best);
    out->u.obj->u.rec.vals[1] = value_num(residual);
    out->u.obj->u.rec.vals[2] = value_num(job.evaluations);
    return 0;
}

/* The 1-D form: one key, searched on a log scale, one data set, no clause. */
static int one_key(const ast_expr *e, value data)
{
    const ast_vary *item = e->u.fit.vary.items[0];
    return e->u.fit.vary.n == 1 && !item->skill && !item->each && item->scale != VARY_SCALE_LOGIT &&
           e->u.fit.clauses.n == 0 && data.kind == V_RESULT;
}

/* The scan and Brent's search give the value and residual; the engine
 * assesses the fit there for the rest of the record. */
static int fit_one_key(eval_ctx *ev, const ast_expr *e, int model, fitspec *s, value *out)
{
    const ast_vary *item = e->u.fit.vary.items[0];
    double lo, hi;
    value search;
    if (fit_range(ev, item, &lo, &hi) != 0 ||
        fit_key(ev, model, item->key, item->key_loc, e->at, s->data[0], lo, hi, &search) != 0)
        return -1;
    double best = search.u.obj->u.rec.vals[0].u.num;
    fit_outcome o;
    int rc = fit_assess(ev, &s->problem, &best, &o);
    if (rc == 0) {
        o.converged = best > lo * (1 + 1e-9) && best < hi * (1 - 1e-9);
        o.evaluations += (int)search.u.obj->u.rec.vals[2].u.num;
        o.residual = search.u.obj->u.rec.vals[1].u.num;
        if (o.determined[0])
            o.value[0] = best;
        fitresult_remarks(ev, s, &o);
        *out = fitresult_record(ev, s, &o, 0);
        fit_outcome_free(&o);
    }
    value_release(search);
    return rc;
}

static int fit_many(eval_ctx *ev, fitspec *s, value *out)
{
    fit_outcome o;
    if (fit_solve(ev, &s->problem, &o) != 0)
        return -1;
    fitresult_remarks(ev, s, &o);
    *out = fitresult_record(ev, s, &o, 0);
    fit_outcome_free(&o);
    return 0;
}

int fit_model(eval_ctx *ev, const ast_expr *e, value *out)
{
    int model;
    value data;
    if (fitspec_model(ev, e->u.fit.model, "fit", &model) != 0 || eval_expr(ev, e->u.fit.target, &data) != 0)
        return -1;
    fitspec s;
    int rc = fitspec_build_value(ev, model, data, e->u.fit.target->at, &e->u.fit.vary, &e->u.fit.clauses,
                                 e->at, &s);
    if (rc == 0) {
        rc = one_key(e, data) ? fit_one_key(ev, e, model, &s, out) : fit_many(ev, &s, out);
        fitspec_free(&s);
    }
    value_release(data);
    return rc;
}
