/* noisy.h - noisy(r, sigma, seed): synthetic data for the inverse problem,
 * a run with Gaussian measurement noise added to its curves. */
#ifndef SKILL_NOISY_H
#define SKILL_NOISY_H

#include "eval.h"

/* ARGS: a run result, sigma >= 0, a whole seed >= 0 -> a new run result. */
int noisy_result(eval_ctx *ev, const ast_expr *e, value *args, value *out);

#endif
