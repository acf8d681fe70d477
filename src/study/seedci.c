#include "seedci.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "powerlaw.h"
#include "xalloc.h"

static void set_record(value *out, double exponent, double stderr_, double lo, double hi,
                       int samples, const char *method)
{
    static const char *const keys[] = {"exponent", "stderr", "lo", "hi", "samples", "method"};
    double vals[] = {exponent, stderr_, lo, hi, samples};
    *out = value_record(6);
    for (int k = 0; k < 5; k++) {
        out->u.obj->u.rec.keys[k] = keys[k];
        out->u.obj->u.rec.vals[k] = value_num(vals[k]);
    }
    out->u.obj->u.rec.keys[5] = keys[5];
    out->u.obj->u.rec.vals[5] = value_str(method, strlen(method));
}

/* t_{dof} at the upper end of the two-sided SEEDCI_LEVEL interval. */
static double t_quantile(int dof)
{
    return gsl_cdf_tdist_Pinv(0.5 + SEEDCI_LEVEL / 2, dof);
}

void seedci_jackknife_record(value *out, double exponent, double stderr_, int samples)
{
    double half = t_quantile(samples - 1) * stderr_;
    set_record(out, exponent, stderr_, exponent - half, exponent + half, samples, "jackknife");
}

/* Every sample the exponent looks at must have a logarithm. */
static int check_positive(eval_ctx *ev, const ast_expr *e, const seed_table *t, const char *what)
{
    int rows = 0;
    for (int q = 0; q < t->nx; q++) {
        if (!seed_table_uses(t, q))
            continue;
        rows++;
        if (!(t->x[q] > 0)) {
            diag_error(ev->d, e->at, "%s: x must be positive where the exponent is taken (x = %g)",
                       what, t->x[q]);
            return -1;
        }
        for (int k = 0; k < t->m; k++) {
            double y = t->ys[(size_t)q * t->m + k];
            if (!(y > 0 && isfinite(y))) {
                diag_error(ev->d, e->at, "%s: sample %d at x = %g is %g, not a positive number",
                           what, k + 1, t->x[q], y);
                diag_hint(ev->d, "an exponent is a slope of log y against log x: every sample it uses "
                          "needs a logarithm");
                return -1;
            }
        }
    }
    if (rows < 2) {
        diag_error(ev->d, e->at, "%s needs at least two values of x in the range", what);
        diag_hint(ev->d, "lo and hi bound the values of x the exponent is fitted over");
        return -1;
    }
    return 0;
}

/* x, Y and a, b or the range from ARGS[0..3], every sample used positive. */
static int read_table(eval_ctx *ev, const ast_expr *e, const value *args, int n, int two_point,
                      const char *what, seed_table *t)
{
    if (args[1].kind == V_VEC) {
        diag_error(ev->d, e->at, "%s needs, for each x, a vector of samples (one per seed), "
                   "not one y per x", what);
        diag_hint(ev->d, "with one y per x, jackknife_powerlaw(x, y) leaves out one point at a time");
        return -1;
    }
    if (seed_table_read(ev, e, args, n < 4 ? n : 4, two_point, what, t) != 0)
        return -1;
    if (check_positive(ev, e, t, what) != 0) {
        seed_table_free(t);
        return -1;
    }
    return 0;
}

/* ---- the bootstrap of the median-of-seeds exponent ---- */

static int resamples_arg(eval_ctx *ev, const ast_expr *e, const value *args, int n, const char *what)
{
    if (n < 5)
        return SEEDCI_BOOTSTRAP_RESAMPLES;
    double r = args[4].kind == V_NUM ? args[4].u.num : NAN;
    if (!(r >= 100 && r <= 1e6 && r == floor(r))) {
        diag_error(ev->d, e->at, "%s: resamples must be a whole number from 100 to 1000000", what);
        diag_hint(ev->d, "the default, %d, puts the 2.5 %% and 97.5 %% points within about 0.06 stderr",
                  SEEDCI_BOOTSTRAP_RESAMPLES);
        return -1;
    }
    return (int)r;
}

/* Workspace of one bootstrap: the seeds drawn, a column of samples, the
 * per-x medians, the exponent's scratch. */
typedef struct {
    int *pick;
    double *column, *center, *scratch;
} boot_work;

/* The exponent of the per-x median over the samples PICK names. */
static double median_exponent(const seed_table *t, boot_work *w)
{
    for (int q = 0; q < t->nx; q++) {
        w->center[q] = 1;               /* unused by the exponent */
        if (!seed_table_uses(t, q))
            continue;
        for (int k = 0; k < t->m; k++)
            w->column[k] = t->ys[(size_t)q * t->m + w->pick[k]];
        w->center[q] = median_in_place(w->column, t->m);
    }
    return seed_table_exponent(t, w->center, w->scratch);
}

/* REPS replicates: each draws M seeds with replacement (the same draw at
 * every x) and takes the exponent of their per-x medians. */
static void replicates(const seed_table *t, boot_work *w, double *rep, int reps)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        abort();
    gsl_rng_set(rng, SEEDCI_BOOTSTRAP_SEED);
    for (int r = 0; r < reps; r++) {
        for (int k = 0; k < t->m; k++)
            w->pick[k] = (int)gsl_rng_uniform_int(rng, (unsigned long)t->m);
        rep[r] = median_exponent(t, w);
    }
    gsl_rng_free(rng);
}

int seedci_bootstrap(eval_ctx *ev, const ast_expr *e, value *args, int n, int two_point, value *out)
{
    const char *what = two_point ? "bootstrap_slope(x, Y, a, b [, resamples])"
                                 : "bootstrap_powerlaw(x, Y [, lo, hi [, resamples]])";
    seed_table t;
    int reps = resamples_arg(ev, e, args, n, what);
    if (reps < 0 || read_table(ev, e, args, n, two_point, what, &t) != 0)
        return -1;
    int nx = t.nx, m = t.m, icap = 0, dcap = 0;
    boot_work w;
    w.pick = xgrow(NULL, &icap, m, sizeof *w.pick);
    double *work = xgrow(NULL, &dcap, m + 3 * nx + reps, sizeof *work);
    w.column = work;
    w.center = w.column + m;
    w.scratch = w.center + nx;
    double *rep = w.scratch + 2 * nx;
    for (int k = 0; k < m; k++)
        w.pick[k] = k;
    double exponent = median_exponent(&t, &w);
    replicates(&t, &w, rep, reps);
    double sd = gsl_stats_sd(rep, 1, (size_t)reps);
    gsl_sort(rep, 1, (size_t)reps);
    double lo = gsl_stats_quantile_from_sorted_data(rep, 1, (size_t)reps, 0.5 - SEEDCI_LEVEL / 2);
    double hi = gsl_stats_quantile_from_sorted_data(rep, 1, (size_t)reps, 0.5 + SEEDCI_LEVEL / 2);
    set_record(out, exponent, sd, lo, hi, m, "bootstrap");
    free(w.pick);
    free(work);
    seed_table_free(&t);
    return 0;
}

/* ---- the t interval of the mean of per-seed exponents ---- */

int seedci_t(eval_ctx *ev, const ast_expr *e, value *args, int n, int two_point, value *out)
{
    const char *what = two_point ? "t_slope(x, Y, a, b)" : "t_powerlaw(x, Y [, lo, hi])";
    seed_table t;
    if (read_table(ev, e, args, n, two_point, what, &t) != 0)
        return -1;
    int nx = t.nx, m = t.m, cap = 0;
    double *work = xgrow(NULL, &cap, 3 * nx + m, sizeof *work);
    double *curve = work, *scratch = curve + nx, *per_seed = scratch + 2 * nx;
    for (int k = 0; k < m; k++) {
        for (int q = 0; q < nx; q++)
            curve[q] = t.ys[(size_t)q * m + k];
        per_seed[k] = seed_table_exponent(&t, curve, scratch);
    }
    double mean = gsl_stats_mean(per_seed, 1, (size_t)m);
    double se = gsl_stats_sd_m(per_seed, 1, (size_t)m, mean) / sqrt(m);
    double half = t_quantile(m - 1) * se;
    set_record(out, mean, se, mean - half, mean + half, m, "t");
    free(work);
    seed_table_free(&t);
    return 0;
}
