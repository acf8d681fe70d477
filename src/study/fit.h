/* fit.h - a model's key fitted so that its skill curves match a run's
 * (GSL's Brent minimiser over the log of the key, after a coarse scan). */
#ifndef SKILL_FIT_H
#define SKILL_FIT_H

#include "eval.h"
#include "result.h"

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
