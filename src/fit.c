#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_min.h>

#include "result.h"
#include "run.h"

/* y = A x^-a by least squares on (log x, log y), over the points with
 * x in [lo, hi] and both positive: {exponent: a, prefactor: A, stderr}. */
int fit_powerlaw(eval_ctx *ev, const ast_expr *e, value *args, int n, value *out)
{
    if (args[0].kind != V_VEC || args[1].kind != V_VEC ||
        args[0].u.obj->u.vec.n != args[1].u.obj->u.vec.n) {
        diag_error(ev->d, e->at, "fit_powerlaw(x, y) needs two vectors of one length");
        return -1;
    }
    double lo = -INFINITY, hi = INFINITY;
    for (int i = 2; i < n; i++)
        if (!value_is_number(args[i])) {
            diag_error(ev->d, e->at, "fit_powerlaw's range must be numbers");
            return -1;
        }
    if (n > 2)
        lo = args[2].u.num;
    if (n > 3)
        hi = args[3].u.num;
    int m = args[0].u.obj->u.vec.n, k = 0;
    double *lx = malloc(((size_t)m + 1) * sizeof *lx), *ly = malloc(((size_t)m + 1) * sizeof *ly);
    for (int i = 0; i < m; i++) {
        double x = args[0].u.obj->u.vec.x[i], y = args[1].u.obj->u.vec.x[i];
        if (x > 0 && y > 0 && isfinite(x) && isfinite(y) && x >= lo && x <= hi) {
            lx[k] = log(x);
            ly[k++] = log(y);
        }
    }
    double c0, c1, cov00, cov01, cov11, sumsq;
    int rc = 0;
    if (k < 2) {
        diag_error(ev->d, e->at, "fit_powerlaw needs at least two points with positive x and y");
        rc = -1;
    } else {
        gsl_fit_linear(lx, 1, ly, 1, (size_t)k, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
        static const char *const keys[] = {"exponent", "prefactor", "stderr", "points"};
        *out = value_record(4);
        double vals[] = {-c1, exp(c0), k > 2 ? sqrt(cov11) : NAN, k};
        for (int i = 0; i < 4; i++) {
            out->u.obj->u.rec.keys[i] = keys[i];
            out->u.obj->u.rec.vals[i] = value_num(vals[i]);
        }
    }
    free(lx);
    free(ly);
    return rc;
}


static int index_of(const value *x, double v)
{
    for (int i = 0; i < x->u.obj->u.vec.n; i++)
        if (x->u.obj->u.vec.x[i] == v)
            return i;
    return -1;
}

int fit_two_point(eval_ctx *ev, const ast_expr *e, value *args, value *out)
{
    if (args[0].kind != V_VEC || args[1].kind != V_VEC ||
        args[0].u.obj->u.vec.n != args[1].u.obj->u.vec.n || !value_is_number(args[2]) ||
        !value_is_number(args[3])) {
        diag_error(ev->d, e->at, "two_point_slope(x, y, a, b) needs two vectors of one length and two numbers");
        return -1;
    }
    int i = index_of(&args[0], args[2].u.num), j = index_of(&args[0], args[3].u.num);
    if (i < 0 || j < 0 || i == j) {
        diag_error(ev->d, e->at, "two_point_slope: a and b must be two different values of x");
        return -1;
    }
    const double *x = args[0].u.obj->u.vec.x, *y = args[1].u.obj->u.vec.x;
    *out = value_num(-(log(y[j]) - log(y[i])) / (log(x[j]) - log(x[i])));
    return 0;
}

/* ---- fit M to r vary KEY in [lo, hi] ---- */

enum { SCAN_POINTS = 25, BRENT_ITERATIONS = 60 };

typedef struct fit_job {
    eval_ctx *ev;
    const ast_expr *fit;        /* the fit expression */
    const result *target;
    ast_expr run;               /* run M with KEY = value for N steps every K */
    ast_expr num_value, num_steps, num_every;
    ast_setting with;
    void *with_items[1];
    int evaluations, failed;
} fit_job;

/* Mean squared difference of the levels of the skills both runs share, at
 * the steps both recorded. */
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
            double d = a->levels[(size_t)ra * a->nskills + ka] - b->levels[(size_t)rb * b->nskills + kb];
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
    job->num_value.u.num = exp(log_value);
    value r;
    job->evaluations++;
    if (run_eval(job->ev, &job->run, &r) != 0) {
        job->failed = 1;
        return NAN;
    }
    double d = curve_distance(job->target, r.u.obj->u.res);
    value_release(r);
    return d;
}

static void build_run(fit_job *job, const ast_expr *e)
{
    const result *t = job->target;
    ast_expr num = {E_NUM, e->at, 1, {.num = 0}};
    job->num_value = job->num_steps = job->num_every = num;
    job->num_steps.u.num = t->nrec ? t->steps[t->nrec - 1] : 0;
    job->num_every.u.num = t->nrec > 1 ? t->steps[1] - t->steps[0] : 1;
    job->with = (ast_setting){e->u.fit.key, e->u.fit.key_loc, &job->num_value};
    job->with_items[0] = &job->with;
    memset(&job->run, 0, sizeof job->run);
    job->run.kind = E_RUN;
    job->run.at = e->at;
    job->run.u.run.model = e->u.fit.model;
    job->run.u.run.with = (ast_vec){job->with_items, 1, 1};
    job->run.u.run.steps = &job->num_steps;
    job->run.u.run.every = &job->num_every;
}

static int fit_range(eval_ctx *ev, const ast_expr *e, double *lo, double *hi)
{
    value v;
    if (eval_expr(ev, e->u.fit.range, &v) != 0)
        return -1;
    int ok = v.kind == V_VEC && v.u.obj->u.vec.n == 2 && v.u.obj->u.vec.x[0] > 0 &&
             v.u.obj->u.vec.x[1] > v.u.obj->u.vec.x[0] && isfinite(v.u.obj->u.vec.x[1]);
    if (ok) {
        *lo = v.u.obj->u.vec.x[0];
        *hi = v.u.obj->u.vec.x[1];
    } else {
        diag_error(ev->d, e->u.fit.range->at, "'vary %s in [lo, hi]' needs 0 < lo < hi", e->u.fit.key);
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

int fit_model(eval_ctx *ev, const ast_expr *e, value *out)
{
    value target;
    if (eval_expr(ev, e->u.fit.target, &target) != 0)
        return -1;
    if (target.kind != V_RESULT) {
        diag_error(ev->d, e->u.fit.target->at, "'fit ... to' needs a run result, not %s",
                   value_kind_name(target.kind));
        value_release(target);
        return -1;
    }
    double lo, hi, residual = NAN;
    fit_job job;
    memset(&job, 0, sizeof job);
    job.ev = ev;
    job.fit = e;
    job.target = target.u.obj->u.res;
    int rc = fit_range(ev, e, &lo, &hi);
    if (rc == 0) {
        build_run(&job, e);
        double best = minimise(&job, lo, hi, &residual);
        rc = job.failed ? -1 : 0;
        if (rc == 0) {
            static const char *const keys[] = {NULL, "residual", "evaluations"};
            *out = value_record(3);
            out->u.obj->u.rec.keys[0] = e->u.fit.key;
            out->u.obj->u.rec.keys[1] = keys[1];
            out->u.obj->u.rec.keys[2] = keys[2];
            out->u.obj->u.rec.vals[0] = value_num(best);
            out->u.obj->u.rec.vals[1] = value_num(residual);
            out->u.obj->u.rec.vals[2] = value_num(job.evaluations);
        }
    }
    value_release(target);
    return rc;
}
