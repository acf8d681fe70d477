/* fitmulti.h - the inverse problem's engine: several parameters of a model
 * fitted at once so that its runs match one or several data sets, by
 * nonlinear least squares (GSL's multifit_nlinear: trust region,
 * Levenberg-Marquardt with geodesic acceleration), from several starts,
 * with standard errors from the Jacobian at the optimum.
 *
 * `fit` (fitspec.c builds a fit_problem from its syntax; fitresult.c turns
 * the outcome into the record the language sees) and `infer` (each
 * candidate graph is a fit_problem with its own dependency factors) call
 * fit_solve; nothing here knows the syntax. */
#ifndef SKILL_FITMULTI_H
#define SKILL_FITMULTI_H

#include "eval.h"
#include "result.h"
#include "run.h"

/* What a fitted parameter changes in a run. */
typedef enum {
    FIT_KEY,                    /* a numeric model key or a parameter (e.g. a gate's gamma) */
    FIT_FREQ,                   /* p(S): skill S's frequency */
    FIT_INIT                    /* u0(S): skill S's initial unskill (resource models) */
} fit_kind;

/* How a parameter is searched: on the log of a positive range, on the
 * logit of a bounded one (both keep every trial inside [lo, hi]). */
typedef enum { FIT_SCALE_LOG, FIT_SCALE_LOGIT } fit_scale;

typedef struct fit_param {
    fit_kind kind;
    const char *key;            /* FIT_KEY: the model key or parameter */
    int skill;                  /* FIT_FREQ, FIT_INIT: index into ev->ir->skills */
    const char *label;          /* its name in the result: "N0", "p(T1)", "u0(T1)" */
    double lo, hi;              /* 0 < lo < hi for FIT_SCALE_LOG; lo < hi otherwise */
    fit_scale scale;
    int dataset;                /* -1: shared by every data set; else the one it applies to */
    loc at;                     /* where it was written, for messages */
} fit_param;

/* Which numbers are compared. */
typedef enum {
    FIT_SPACE_LEVELS,           /* each skill's level (the default) */
    FIT_SPACE_LOSS,             /* the run's loss */
    FIT_SPACE_LOG_LOSS          /* log of the loss (power-law tails weigh as much as the start) */
} fit_space;

typedef struct fit_problem {
    int model;                  /* index into ev->ir->models */
    const fit_param *params;
    int nparams;
    const result *const *data;  /* the data sets: runs or loaded curves (NAN = missing) */
    int ndata;
    double step_lo, step_hi;    /* `on steps [a, b]`: compared rows; -inf, inf for all */
    fit_space space;
    const int *skills;          /* compared skills (ev->ir->skills indices); NULL: every
                                   skill both the data and the model have */
    int nskills;
    expr_prog *const *bfactor;  /* dependency factors for every run (infer's candidate
                                   graph, see run_overrides); NULL: the model's own */
    int starts;                 /* starting points (deterministic); 0: the default */
    loc at;                     /* the `fit`/`infer` expression, for messages */
} fit_problem;

typedef struct fit_outcome {
    int nparams;
    double *value;              /* the best value of each parameter */
    double *err;                /* its standard error; NAN when not determined */
    int *determined;            /* 0: the data do not determine it (flat or degenerate direction) */
    int *at_end;                /* -1, 1: the best value lies at the lower, upper end of its range
                                   (within 0.1 % of it, on its scale); 0: inside */
    int *rough;                 /* 1: the curves jump as it changes (no derivative, so not determined) */
    long n;                     /* residuals compared (data points over every data set) */
    double rss;                 /* their sum of squares at the best values */
    double residual;            /* rss / n, the 1-D fit's "residual" (mean squared difference) */
    double aic, bic;            /* n ln(rss/n) + 2k, n ln(rss/n) + k ln n; k = nparams */
    int converged;              /* the best start's solver met its tolerances */
    int evaluations;            /* runs made, every start and the Jacobians included */
    int ndata;
    result **runs;              /* per data set: the model's run at the best values */
} fit_outcome;

/* The runs a fit makes record every step the data sets compare (those
 * from STEP_LO to STEP_HI): up to the last, every greatest common divisor
 * of them. */
run_span fit_data_span(const result *const *data, int ndata, double step_lo, double step_hi, loc at);

/* Fits P.  0 with *OUT filled (free it with fit_outcome_free), or -1 after
 * reporting through ev->d (a run that failed, no comparable points). */
int fit_solve(eval_ctx *ev, const fit_problem *p, fit_outcome *out);
void fit_outcome_free(fit_outcome *o);
/* P's outcome at VALUES (natural units, one per parameter), without a
 * search: the scores, the errors from the Jacobian there, the runs.  The
 * 1-D fit's own search finds VALUES.  0, or -1 as fit_solve. */
int fit_assess(eval_ctx *ev, const fit_problem *p, const double *values, fit_outcome *out);

#endif
