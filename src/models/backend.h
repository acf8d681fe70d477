/* backend.h - what a model backend receives: numbers and compiled
 * programs, never syntax.  The interpreter builds one per run. */
#ifndef SKILL_BACKEND_H
#define SKILL_BACKEND_H

#include <stddef.h>

#include "cancel.h"
#include "expr.h"
#include "ir.h"
#include "progress.h"
#include "result.h"

typedef struct backend_run {
    const char *model;
    int nall;                   /* skills in the program: programs index by these */
    int K;                      /* skills in the model */
    const int *skills;          /* their program indices */
    const char **names;         /* their names */
    expr_prog *const *freq;     /* per program skill */
    expr_prog *const *bfactor;  /* per program skill; NULL entries mean B = 1 */
    const ir_dep *const *needs; /* per program skill (the Domino model's order) */
    const double *params;
    const ir_settings *set;
    const double *corr;         /* K x K, or NULL for the identity */
    long steps, every;
    progress *prog;
    int threads;                /* cores this run may use (1 inside parallel sweeps) */
    char *err;                  /* why a run failed */
    size_t errlen;
    const cancel_token *cancel; /* polled every few hundred steps; may be NULL */
    const double *u0;           /* per program skill: the initial unskill, NAN for the
                                   model's own start; NULL: all start there (resource only) */
    const expr_prog *eta, *N0;  /* resource: programs of t and the state, or NULL for
                                   set->eta, set->N0 */
} backend_run;

/* Each returns 0 and a new result, or -1 with a reason in b->err (or,
 * when b->cancel stopped it, with "interrupted"). */
int resource_run(const backend_run *b, result **out);
int domino_run(const backend_run *b, result **out);
int quanta_run(const backend_run *b, result **out);

/* The model's skills' frequencies at t = 0, where every u is 1 and every
 * level 0, into P (K of them); -1 with a reason in b->err if one is
 * negative or not finite. */
int backend_start_frequencies(const backend_run *b, double *p);

/* A theory whose levels are a closed form of the step (Domino, Quanta):
 * LEVEL(ctx, k, step, &s, &u) gives skill k's level and unskill; each
 * recorded step's row, and the loss sum of p_k u_k^2, into a new result
 * (*OUT), polling for cancellation.  -1 (nothing in *OUT) if cancelled. */
typedef void (*backend_level_fn)(const void *ctx, int k, long step, double *level, double *unskill);
int backend_record_theory(const backend_run *b, const double *p, backend_level_fn level, const void *ctx,
                          result **out);

/* -1 with "interrupted" in b->err if the run was asked to stop; else 0. */
int backend_cancelled(const backend_run *b);

/* A copy of the model's skill names for a result to own. */
const char **backend_names(const backend_run *b);

/* Whether recorded row STEP is due: every EVERY steps, and the last. */
static inline int backend_records(const backend_run *b, long step)
{
    return step % b->every == 0 || step == b->steps;
}

/* The recorded step after STEP. */
static inline long backend_next_record(const backend_run *b, long step)
{
    long next = (step / b->every + 1) * b->every;
    return next < b->steps ? next : b->steps;
}

#endif
