#include "powerlaw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>

#include "seedci.h"
#include "xalloc.h"

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

/* ---- exponents over samples (seeds) ---- */

/* Y as a table of NX rows (one per x) of M samples: a matrix, or a list of
 * vectors of one length.  Returns a row-major copy, or NULL. */
static double *samples_of(value y, int nx, int *m)
{
    int cap = 0;
    if (y.kind == V_MATRIX && y.u.obj->u.mat.rows == nx && y.u.obj->u.mat.cols >= 2) {
        *m = y.u.obj->u.mat.cols;
        double *out = xgrow(NULL, &cap, nx * *m, sizeof *out);
        memcpy(out, y.u.obj->u.mat.x, (size_t)nx * *m * sizeof *out);
        return out;
    }
    if (y.kind != V_LIST || y.u.obj->u.list.n != nx || nx < 1)
        return NULL;
    const value *items = y.u.obj->u.list.items;
    *m = items[0].kind == V_VEC ? items[0].u.obj->u.vec.n : 0;
    for (int i = 0; i < nx; i++)
        if (items[i].kind != V_VEC || items[i].u.obj->u.vec.n != *m)
            return NULL;
    if (*m < 2)
        return NULL;
    double *out = xgrow(NULL, &cap, nx * *m, sizeof *out);
    for (int i = 0; i < nx; i++)
        memcpy(out + (size_t)i * *m, items[i].u.obj->u.vec.x, (size_t)*m * sizeof *out);
    return out;
}

int seed_table_read(eval_ctx *ev, const ast_expr *e, const value *args, int n, int two_point,
                    const char *what, seed_table *t)
{
    int nx = args[0].kind == V_VEC ? args[0].u.obj->u.vec.n : -1;
    for (int i = 2; i < n; i++)
        if (!value_is_number(args[i])) {
            diag_error(ev->d, e->at, "%s: the range must be numbers", what);
            return -1;
        }
    t->ys = nx > 0 ? samples_of(args[1], nx, &t->m) : NULL;
    if (!t->ys) {
        diag_error(ev->d, e->at, "%s needs x, a vector, and Y: for each x, a vector of samples "
                   "(at least 2, the same number at every x)", what);
        return -1;
    }
    t->x = args[0].u.obj->u.vec.x;
    t->nx = nx;
    t->i = t->j = -1;
    t->lo = n > 2 && !two_point ? args[2].u.num : -INFINITY;
    t->hi = n > 3 && !two_point ? args[3].u.num : INFINITY;
    if (two_point) {
        t->i = index_of(&args[0], args[2].u.num);
        t->j = index_of(&args[0], args[3].u.num);
        if (t->i < 0 || t->j < 0 || t->i == t->j) {
            seed_table_free(t);
            diag_error(ev->d, e->at, "%s: a and b must be two different values of x", what);
            return -1;
        }
    }
    return 0;
}

void seed_table_free(seed_table *t)
{
    free(t->ys);
    t->ys = NULL;
}

int seed_table_uses(const seed_table *t, int q)
{
    if (t->i >= 0)
        return q == t->i || q == t->j;
    return t->x[q] > 0 && isfinite(t->x[q]) && t->x[q] >= t->lo && t->x[q] <= t->hi;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double median_in_place(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The median of ROW's M samples without sample SKIP (-1: none). */
static double median_without(const double *row, int m, int skip, double *scratch)
{
    int k = 0;
    for (int i = 0; i < m; i++)
        if (i != skip)
            scratch[k++] = row[i];
    return median_in_place(scratch, k);
}

/* The exponent of x against y: the two-point slope between x[i] and x[j]
 * (i >= 0), or the log-log least-squares slope over x in [lo, hi]. */
static double exponent_of(const double *x, const double *y, int nx, int i, int j, double lo,
                          double hi, double *scratch)
{
    if (i >= 0)
        return -(log(y[j]) - log(y[i])) / (log(x[j]) - log(x[i]));
    double *lx = scratch, *ly = scratch + nx;
    int k = 0;
    for (int q = 0; q < nx; q++)
        if (x[q] > 0 && y[q] > 0 && isfinite(x[q]) && isfinite(y[q]) && x[q] >= lo && x[q] <= hi) {
            lx[k] = log(x[q]);
            ly[k++] = log(y[q]);
        }
    if (k < 2)
        return NAN;
    double c0, c1, cov00, cov01, cov11, sumsq;
    gsl_fit_linear(lx, 1, ly, 1, (size_t)k, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    return -c1;
}

double seed_table_exponent(const seed_table *t, const double *y, double *scratch)
{
    return exponent_of(t->x, y, t->nx, t->i, t->j, t->lo, t->hi, scratch);
}

/* ---- jackknife error bars ---- */

/* jackknife_powerlaw(x, y) with one y per x: the fit's exponent with the
 * leave-one-point-out jackknife error (the paper's Fig. 11 error bars,
 * "excluding one checkpoint or network size at a time"). */
static int jackknife_points(eval_ctx *ev, const ast_expr *e, value *args, int n, value *out)
{
    int nx = args[0].u.obj->u.vec.n;
    if (args[1].u.obj->u.vec.n != nx || nx < 3) {
        diag_error(ev->d, e->at, "jackknife_powerlaw(x, y) needs two vectors of one length, "
                   "at least 3 points");
        return -1;
    }
    double lo = n > 2 ? args[2].u.num : -INFINITY, hi = n > 3 ? args[3].u.num : INFINITY;
    int cap = 0;
    double *work = xgrow(NULL, &cap, 5 * nx + 1, sizeof *work);
    double *xs = work, *ys = xs + nx, *scratch = ys + nx, *est = scratch + 2 * nx;
    int m = 0;
    for (int skip = -1; skip < nx; skip++) {
        int k = 0;
        for (int q = 0; q < nx; q++)
            if (q != skip) {
                xs[k] = args[0].u.obj->u.vec.x[q];
                ys[k++] = args[1].u.obj->u.vec.x[q];
            }
        double ex = exponent_of(xs, ys, k, -1, -1, lo, hi, scratch);
        if (skip < 0 || (isfinite(ex) && args[0].u.obj->u.vec.x[skip] >= lo &&
                         args[0].u.obj->u.vec.x[skip] <= hi))
            est[m++] = ex;       /* leaving out a point outside the range changes nothing */
    }
    double mean = 0, ss = 0;
    for (int k = 1; k < m; k++)
        mean += est[k] / (m - 1);
    for (int k = 1; k < m; k++)
        ss += (est[k] - mean) * (est[k] - mean);
    int rc = 0;
    if (!isfinite(est[0]) || m < 3) {
        diag_error(ev->d, e->at, "jackknife_powerlaw needs at least 3 points with positive x and y "
                   "in the range");
        rc = -1;
    } else {
        seedci_jackknife_record(out, est[0], sqrt((m - 2.0) / (m - 1) * ss), m - 1);
    }
    free(work);
    return rc;
}

/* jackknife_slope(x, Y, a, b) and jackknife_powerlaw(x, Y [, lo, hi]):
 * Y holds, for each x, the samples (one per seed, in the same order at every
 * x).  The exponent is taken from the median over samples at each x (the
 * paper's Fig. 10 protocol); its error bar is the leave-one-sample-out
 * jackknife, sqrt((m-1)/m * sum_i (e_(i) - mean e)^2). */
int fit_jackknife(eval_ctx *ev, const ast_expr *e, value *args, int n, int two_point, value *out)
{
    const char *what = two_point ? "jackknife_slope(x, Y, a, b)" : "jackknife_powerlaw(x, Y [, lo, hi])";
    for (int i = 2; i < n; i++)
        if (!value_is_number(args[i])) {
            diag_error(ev->d, e->at, "%s: the range must be numbers", what);
            return -1;
        }
    if (!two_point && args[0].kind == V_VEC && args[0].u.obj->u.vec.n > 0 && args[1].kind == V_VEC)
        return jackknife_points(ev, e, args, n, out);
    seed_table t;
    if (seed_table_read(ev, e, args, n, two_point, what, &t) != 0)
        return -1;
    int nx = t.nx, m = t.m, cap = 0;
    double *work = xgrow(NULL, &cap, 3 * nx + 2 * m + 3, sizeof *work);
    double *scratch = work, *center = scratch + 2 * nx + m, *est = center + nx;
    for (int skip = -1; skip < m; skip++) {     /* est[0] whole sample, est[1..m] leave-one-out */
        for (int q = 0; q < nx; q++)
            center[q] = median_without(t.ys + (size_t)q * m, m, skip, scratch);
        est[skip + 1] = seed_table_exponent(&t, center, scratch);
    }
    double mean = 0, ss = 0;
    for (int k = 1; k <= m; k++)
        mean += est[k] / m;
    for (int k = 1; k <= m; k++)
        ss += (est[k] - mean) * (est[k] - mean);
    seedci_jackknife_record(out, est[0], sqrt((m - 1.0) / m * ss), m);
    seed_table_free(&t);
    free(work);
    return 0;
}
