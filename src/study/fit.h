/* fit.h - fits: a power law through points (log-log least squares), and
 * a model's key fitted so that its skill curves match a run's (GSL's
 * Brent minimiser over the log of the key, after a coarse scan). */
#ifndef SKILL_FIT_H
#define SKILL_FIT_H

#include "eval.h"
#include "result.h"

/* fit_powerlaw(x, y [, lo, hi]) -> {exponent, prefactor, stderr, points} */
int fit_powerlaw(eval_ctx *ev, const ast_expr *e, value *args, int n, value *out);
/* two_point_slope(x, y, a, b): the paper's exponent from two points,
 * -(ln y(b) - ln y(a)) / (ln b - ln a), where a and b are values of x. */
int fit_two_point(eval_ctx *ev, const ast_expr *e, value *args, value *out);
/* jackknife_slope(x, Y, a, b) (TWO_POINT) and jackknife_powerlaw(x, Y [, lo, hi]):
 * the exponent of the per-x median over samples, with its leave-one-sample-out
 * jackknife error -> {exponent, stderr, samples} */
int fit_jackknife(eval_ctx *ev, const ast_expr *e, value *args, int n, int two_point, value *out);
/* fit M to r vary KEY in [lo, hi] -> {KEY: best, residual, evaluations}:
 * evaluates its syntax and calls fit_key. */
int fit_model(eval_ctx *ev, const ast_expr *e, value *out);
/* Fits KEY (a key of model MODEL or a parameter) in [LO, HI] so that the
 * model's runs, over TARGET's steps, match TARGET's curves.  A rejected
 * trial value is reported at AT, a key neither of the model nor a
 * parameter at KEY_LOC.  KEY names the record's first field: it must
 * outlive the record. */
int fit_key(eval_ctx *ev, int model, const char *key, loc key_loc, loc at, const result *target,
            double lo, double hi, value *out);

#endif
