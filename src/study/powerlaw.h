/* powerlaw.h - exponents of scaling laws: a power law through points
 * (log-log least squares), the paper's two-point slope, and error bars
 * for an exponent measured over several samples (seeds). */
#ifndef SKILL_POWERLAW_H
#define SKILL_POWERLAW_H

#include "eval.h"

/* fit_powerlaw(x, y [, lo, hi]) -> {exponent, prefactor, stderr, points} */
int fit_powerlaw(eval_ctx *ev, const ast_expr *e, value *args, int n, value *out);
/* two_point_slope(x, y, a, b): the paper's exponent from two points,
 * -(ln y(b) - ln y(a)) / (ln b - ln a), where a and b are values of x. */
int fit_two_point(eval_ctx *ev, const ast_expr *e, value *args, value *out);
/* jackknife_slope(x, Y, a, b) (TWO_POINT) and jackknife_powerlaw(x, Y [, lo, hi]):
 * the exponent of the per-x median over samples, with its leave-one-sample-out
 * jackknife error -> {exponent, stderr, lo, hi, samples, method: "jackknife"} */
int fit_jackknife(eval_ctx *ev, const ast_expr *e, value *args, int n, int two_point, value *out);

/* An exponent measured over samples (seeds): for each of NX values of x,
 * M samples, sample k being the same seed at every x; the exponent of one
 * curve is the two-point slope between x[i] and x[j] (i >= 0), or the
 * log-log least-squares slope over x in [lo, hi]. */
typedef struct seed_table {
    const double *x;
    int nx, m;
    double *ys;                 /* NX rows of M samples, row-major, owned */
    int i, j;
    double lo, hi;
} seed_table;

/* Reads x, Y and a, b (TWO_POINT) or the range lo, hi from ARGS[0..N-1]
 * (N <= 4); WHAT names the call in messages.  0, or -1 with the error given. */
int seed_table_read(eval_ctx *ev, const ast_expr *e, const value *args, int n, int two_point,
                    const char *what, seed_table *t);
void seed_table_free(seed_table *t);
/* Whether the exponent looks at row Q (x = a or b, or x in the range). */
int seed_table_uses(const seed_table *t, int q);
/* The exponent of one curve Y (NX values); SCRATCH holds 2 NX doubles.
 * NAN when fewer than two usable points. */
double seed_table_exponent(const seed_table *t, const double *y, double *scratch);
/* The median of the N values V, which it sorts. */
double median_in_place(double *v, int n);

#endif
