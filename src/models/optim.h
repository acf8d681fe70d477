/* optim.h - optimizer update rules, each as PyTorch (or the AdEMAMix and
 * Lion reference code) computes it; docs/reference-conventions.md,
 * section 5.  One table lists the optimizers, their keys, defaults,
 * ranges and documentation; the checker, runs, completion and the tests
 * against skill(5) read it. */
#ifndef SKILL_OPTIM_H
#define SKILL_OPTIM_H

#include <stddef.h>

typedef enum {
    OPT_SGD, OPT_SIGNGD, OPT_ADAM, OPT_ADAMW, OPT_LION, OPT_ADEMAMIX, OPT_RMSPROP, OPT_ADAGRAD
} optim_kind;

typedef struct optim_config {
    optim_kind kind;
    double momentum, wd;                /* sgd, rmsprop; wd for all but signgd */
    double beta1, beta2, beta3, eps;    /* adam, adamw, lion, ademamix */
    double alpha, warmup;               /* ademamix; alpha also rmsprop's smoothing */
    double centered;                    /* rmsprop: 1 normalises by the variance */
    double lr_decay, initial_accumulator_value;    /* adagrad */
} optim_config;

/* Which values a key accepts. */
typedef enum {
    OPT_RANGE_POSITIVE,         /* finite and > 0 */
    OPT_RANGE_NONNEG,           /* finite and >= 0 */
    OPT_RANGE_FRACTION,         /* in [0, 1) */
    OPT_RANGE_FLAG,             /* 0 or 1 */
} optim_range;

enum { OPTIM_NO_FIELD = -1 };   /* lr: given to each step, not kept in the config */

typedef struct optim_key {
    const char *name;
    int field;                  /* offsetof the double in optim_config, or OPTIM_NO_FIELD */
    double fallback;            /* the default (unused for lr, which is required) */
    optim_range range;
    const char *doc;            /* one line */
} optim_key;

typedef struct optim optim;
typedef void optim_step_fn(optim *o, double *theta, const double *g, double lr, long t);

typedef struct optim_info {
    const char *name;
    optim_kind kind;
    optim_step_fn *step;
    const optim_key *keys;      /* lr first; ended by a row with a NULL name */
    const char *doc;            /* one line */
} optim_info;

/* The optimizers, in table order: I from 0; NULL past the last. */
const optim_info *optim_at(int i);
const optim_info *optim_find(const char *name);
const optim_info *optim_of_kind(optim_kind kind);
/* KEY among INFO's keys, or NULL. */
const optim_key *optim_key_find(const optim_info *info, const char *key);
/* The names of INFO's keys into NAMES (room for CAP, then a NULL); their count. */
int optim_key_names(const optim_info *info, const char **names, int cap);

/* The defaults of each kind (skill(5), OPTIMIZERS). */
optim_config optim_defaults(optim_kind kind);
/* Sets KEY's field of C to X (nothing for lr). */
void optim_config_set(optim_config *c, const optim_key *key, double x);

/* KEY's valid range as words for a message, e.g. "in [0, 1)", if X is
 * outside it; NULL if X is valid. */
const char *optim_key_invalid(const optim_key *key, double x);
/* The same for a learning rate: a constant one must be positive; a
 * schedule's value at one step may be 0. */
const char *optim_lr_invalid(double x, int lr_schedule);

optim *optim_new(const optim_config *c, int n);
void optim_free(optim *o);
/* One update of THETA (length n) with gradient G at step T (1-based) and
 * learning rate LR.  G is not modified. */
void optim_step(optim *o, double *theta, const double *g, double lr, long t);
/* The same on coordinates [LO, HI) only (LO even: Adam takes coordinates
 * two at a time); the parts of a step give the whole step's numbers. */
void optim_step_range(optim *o, double *theta, const double *g, double lr, long t, int lo, int hi);
/* The update direction of the latest step (theta_new - theta_old), for align. */
const double *optim_last_update(const optim *o);

#endif
