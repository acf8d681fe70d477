/* run.h - a `run` expression: the model, its `with` overrides, the
 * backend for its kind, and the result (written to a file if asked). */
#ifndef SKILL_RUN_H
#define SKILL_RUN_H

#include "eval.h"

int run_eval(eval_ctx *ev, const ast_expr *e, value *out);

#endif
