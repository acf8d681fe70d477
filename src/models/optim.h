/* optim.h - optimizer update rules, each as PyTorch (or the AdEMAMix and
 * Lion reference code) computes it; docs/reference-conventions.md,
 * section 5. */
#ifndef SKILL_OPTIM_H
#define SKILL_OPTIM_H

typedef enum { OPT_SGD, OPT_SIGNGD, OPT_ADAM, OPT_ADAMW, OPT_LION, OPT_ADEMAMIX } optim_kind;

typedef struct optim_config {
    optim_kind kind;
    double momentum, wd;                /* sgd; wd for all but signgd */
    double beta1, beta2, beta3, eps;    /* adam, adamw, lion, ademamix */
    double alpha, warmup;               /* ademamix */
} optim_config;

/* The defaults of each kind (skill(5), OPTIMIZERS). */
optim_config optim_defaults(optim_kind kind);

/* The valid range of optimizer argument KEY ("lr", "beta1", ...) as words
 * for a message, e.g. "in [0, 1)", if X is outside it; NULL if X is valid.
 * A constant lr must be positive; a schedule's value at one step may be 0. */
const char *optim_arg_invalid(const char *key, double x, int lr_schedule);

typedef struct optim optim;

optim *optim_new(const optim_config *c, int n);
void optim_free(optim *o);
/* One update of THETA (length n) with gradient G at step T (1-based) and
 * learning rate LR.  G is not modified. */
void optim_step(optim *o, double *theta, const double *g, double lr, long t);
/* The update direction of the latest step (theta_new - theta_old), for align. */
const double *optim_last_update(const optim *o);

#endif
