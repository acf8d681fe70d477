/* run.h - running a model: run_model runs model M with overrides already
 * evaluated (the entry point for `run`, `fit` and library callers);
 * run_eval is the `run M with ... for N steps every K -> file` expression,
 * which evaluates its syntax and calls run_model.
 *
 * Who calls whom in src/study (no arrow points back up):
 *
 *   eval (expressions) ──> run_eval ──┐
 *        │                            ├──> run_model ──> settings_resolve
 *        ├──────────────> fit_model ──> fit_key ──┘   └─> resource/domino/geometry_run
 *        └──────────────> query_call ──> settings_resolve, fit's jackknife/power laws
 *
 * run_eval and fit_model evaluate their own syntax (a `with` clause's values,
 * the counts, fit's target and range); fit_key and run_model take values.
 * The one way back into eval is a model's declared expressions: its settings
 * and its optimizer's arguments are expressions of the language (a setting
 * may even be a run), so settings_resolve and run_model evaluate them with
 * eval_expr, each nesting counted in ev->depth and bounded by EVAL_MAX_DEPTH. */
#ifndef SKILL_RUN_H
#define SKILL_RUN_H

#include "eval.h"
#include "result.h"
#include "settings.h"

/* STEPS steps, a row recorded every EVERY.  Messages about the run point at
 * AT, about the counts at STEPS_AT and EVERY_AT. */
typedef struct run_span {
    double steps, every;
    loc at, steps_at, every_at;
} run_span;

/* What a fit or an inference changes beyond keys and parameters, each an
 * array over the program's skills (ev->ir->skills), or NULL for none:
 * FREQ a skill's frequency (NAN: as declared), U0 its initial unskill (NAN:
 * the model's start; resource models only), BFACTOR its dependency factor
 * B_i (the whole array replaces the model's; a NULL entry is B = 1). */
typedef struct run_overrides {
    const double *freq;
    const double *u0;
    expr_prog *const *bfactor;
} run_overrides;

/* Runs model MODEL (an index into ev->ir->models) with WITH[0..NWITH) on
 * top of its settings: keys of the model change its settings, other keys
 * name parameters, set for this run only; OVR (may be NULL) changes skills.
 * *OUT gets the result (the caller frees it).  0, or -1 after reporting
 * through ev->d. */
int run_model(eval_ctx *ev, int model, const setting_value *with, int nwith,
              const run_overrides *ovr, const run_span *span, result **out);

int run_eval(eval_ctx *ev, const ast_expr *e, value *out);

/* Checks a run's counts, as the checker does when they are known with the
 * file: WHAT ("the number of steps", "'every'") must be a whole number from
 * LO to 1e9.  0, or -1 after reporting at E (at AT). */
int run_check_count(diag *d, const ast_expr *e, const char *what, double lo, double x);
int run_check_count_at(diag *d, loc at, const char *what, double lo, double x);

/* Refuses, reporting at AT, a run of MODEL whose recorded rows (STEPS /
 * EVERY of them, NUMBERS numbers each) would not fit in this machine's
 * memory.  0 or -1. */
int run_check_rows(diag *d, loc at, const char *model, double steps, double every, int numbers);

/* An expr_scope's lookup for programs compiled at run time (an optimizer's
 * arguments, infer's candidate gates), CTX an eval_ctx: a sweep's or a
 * let's numbers are constants, parameters are read from the run's values. */
xname run_lookup(void *ctx, const char *name);

/* The numbers a row of a run of SET records: step, loss, the levels and
 * for a geometry model recording align, one more per skill. */
int run_row_numbers(const ir_settings *set, ast_model_kind kind);

#endif
