/* result.h - what a model run leaves behind: the recorded steps, the loss
 * and every skill's level at each of them, and the queries on them
 * (skill(5), RESULTS AND OUTPUT FILES).  Backends fill it; writers and
 * `print` read it. */
#ifndef SKILL_RESULT_H
#define SKILL_RESULT_H

#include <stddef.h>

enum { RESULT_MAX_SERIES = 4 };

/* A further per-skill series a run records beside the levels (a network's
 * train_loss, train_acc, test_acc): nrec x nskills, row-major. */
typedef struct result_series {
    const char *name;           /* static text */
    double *x;
} result_series;

typedef struct result {
    const char *model;          /* the model's name (not owned) */
    int nskills;
    const char **names;         /* skill names (not owned) */
    double *p0;                 /* each skill's frequency at step 0 */
    int nrec, caprec;
    double *steps;              /* recorded steps, ascending */
    double *loss;
    double *levels;             /* nrec x nskills, row-major */
    double *align;              /* nrec x nskills, or NULL */
    result_series series[RESULT_MAX_SERIES];
    int nseries;
} result;

result *result_new(const char *model, int nskills, const char **names, int with_align);
void result_free(result *r);
/* Appends a row; returns a pointer to its nskills levels (and align row
 * through *align when recorded) for the caller to fill. */
double *result_add_row(result *r, double step, double loss, double **align);

/* Adds a series named NAME (static text) before the first row; its index. */
int result_add_series(result *r, const char *name);
/* Series E's values in the latest row, nskills of them, for the caller to fill. */
double *result_series_row(result *r, int e);
/* The series called NAME, or -1. */
int result_find_series(const result *r, const char *name);
/* "NAME_SKILL" (align_S, test_acc_S): the series (-2 for align) and the
 * skill K it names, or -1. */
int result_split_column(const result *r, const char *column, int *k);

/* A deep copy of R (the names array too; the names themselves stay shared). */
result *result_copy(const result *r);

int result_skill(const result *r, const char *name);      /* -1 if absent */
int result_row_at(const result *r, double step);          /* -1 if not recorded */
/* First recorded step at which skill K's level is >= LEVEL; NAN if never. */
double result_time_to(const result *r, int k, double level);

#endif
