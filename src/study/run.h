/* run.h - a `run` expression: the model, its `with` overrides, the
 * backend for its kind, and the result (written to a file if asked). */
#ifndef SKILL_RUN_H
#define SKILL_RUN_H

#include "eval.h"

int run_eval(eval_ctx *ev, const ast_expr *e, value *out);

/* Checks a run's counts, as the checker does when they are known with the
 * file: WHAT ("the number of steps", "'every'") must be a whole number from
 * LO to 1e9.  0, or -1 after reporting at E. */
int run_check_count(diag *d, const ast_expr *e, const char *what, double lo, double x);

/* Refuses, reporting at AT, a run of MODEL whose recorded rows (STEPS /
 * EVERY of them, NUMBERS numbers each) would not fit in this machine's
 * memory.  0 or -1. */
int run_check_rows(diag *d, loc at, const char *model, double steps, double every, int numbers);

/* The numbers a row of a run of SET records: step, loss, the levels and
 * for a geometry model recording align, one more per skill. */
int run_row_numbers(const ir_settings *set, ast_model_kind kind);

#endif
