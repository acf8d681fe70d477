/* builtins.h - the table of built-in names: math on numbers, functions of
 * vectors, the family distributions, and the special forms of model and
 * skill expressions.  Both evaluators (expr.c's compiled programs and
 * interp.c's values) look names up here. */
#ifndef SKILL_BUILTINS_H
#define SKILL_BUILTINS_H

typedef enum {
    BI_MATH1,                   /* a number -> a number, elementwise on vectors */
    BI_MATH2,                   /* two numbers -> a number */
    BI_MINMAX,                  /* min/max of numbers or of one vector */
    BI_CONST,                   /* pi, e */
    BI_VECTOR,                  /* sum mean len ... stderr: functions of one vector */
    BI_DISTRIBUTION,            /* zipf exponential uniform: need a family */
    BI_STATE,                   /* u(X) s(X) p(X): model expressions only */
    BI_OPTIMIZER,               /* sgd adam ...: build an optimizer value */
    BI_MODEL_FN,                /* gram(G), from_correlation(C): settings' forms */
    BI_QUERY,                   /* final_loss, time_to, ...: need run results */
    BI_CLOCK,                   /* clock(): seconds on a monotonic clock, for timing */
    BI_LOAD                     /* load("file"): a data file (src/study/load.c) */
} builtin_kind;

typedef struct builtin {
    const char *name;
    builtin_kind kind;
    int min_args, max_args;     /* max -1: any number */
    double (*fn1)(double);
    double (*fn2)(double, double);
    double value;               /* BI_CONST */
    int id;                     /* kind-specific: which vector fn, state, optimizer... */
} builtin;

const builtin *builtin_find(const char *name);
/* For "did you mean": every builtin name, NULL-terminated. */
const char *const *builtin_names(void);

/* kind-specific ids */
enum { VEC_SUM, VEC_MEAN, VEC_LEN, VEC_LINSPACE, VEC_LOGSPACE, VEC_MEDIAN, VEC_FIND,
       VEC_COUNT, VEC_QUANTILE, VEC_STDERR };
enum { DIST_ZIPF, DIST_EXPONENTIAL, DIST_UNIFORM };
enum { STATE_U, STATE_S, STATE_P };
enum { MINMAX_MIN, MINMAX_MAX };
enum { MODEL_FN_GRAM, MODEL_FN_FROM_CORRELATION };
enum {                          /* BI_QUERY: answered by query.c */
    QUERY_FINAL_LOSS, QUERY_LOSS_AT, QUERY_LEVEL, QUERY_TIME_TO, QUERY_CLOSED_FORM,
    QUERY_COLLAPSE, QUERY_FIT_POWERLAW, QUERY_TWO_POINT, QUERY_JACKKNIFE_SLOPE,
    QUERY_JACKKNIFE_POWERLAW, QUERY_SERIES, QUERY_NOISY
};
enum {                          /* BI_QUERY: error bars over seeds, seedci.c */
    QUERY_BOOTSTRAP_SLOPE = 64, QUERY_BOOTSTRAP_POWERLAW, QUERY_T_SLOPE, QUERY_T_POWERLAW
};

double builtin_sigmoid(double x);
/* The normalising sum of the latest distribution asked for: a family's
 * members are evaluated one after another, and each would otherwise sum
 * over the whole family again (quadratic in its size). */
typedef struct dist_cache {
    int dist, n, valid;
    double param, total;
} dist_cache;

/* Member I (1-based) of a family of N under a distribution with PARAM.
 * CACHE may be NULL. */
double builtin_distribution(dist_cache *cache, int dist, double param, int i, int n);

#endif
