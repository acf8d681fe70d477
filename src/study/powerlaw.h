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
 * jackknife error -> {exponent, stderr, samples} */
int fit_jackknife(eval_ctx *ev, const ast_expr *e, value *args, int n, int two_point, value *out);

#endif
