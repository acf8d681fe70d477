/* fitspec.h - a fit_problem from the syntax of `fit` (and `infer`): the
 * data sets evaluated, each vary item turned into parameters (a family's
 * p(F) one per member, an `each` item one per data set), the clauses
 * (on steps, compare, skills, starts) applied. */
#ifndef SKILL_FITSPEC_H
#define SKILL_FITSPEC_H

#include "fitmulti.h"

/* What one vary item became: parameters FIRST .. FIRST + COUNT - 1 of the
 * problem, MEMBERS skills (1 but for a family) times EACH data sets
 * (1 unless `each`), member by member, data set by data set inside. */
typedef struct fitspec_item {
    const ast_vary *ast;
    const char *name;           /* the record's key: "N0", "p_A", "u0_F" */
    int first, count;
    int members, per_data;      /* per_data: `each`, one value per data set */
    int family;
} fitspec_item;

typedef struct fitspec {
    fit_problem problem;        /* its arrays point into this struct's */
    fit_param *params;
    fitspec_item *items;
    int nitems;
    const result **data;
    value data_value;           /* holds the data sets while the fit runs */
    int *skills;
} fitspec;

/* Model MODEL fitted to DATA (a run result or a list of them) varying
 * VARY (ast_vary*) under CLAUSES (ast_fitclause*); AT is the whole
 * expression.  0 with *OUT filled (free it with fitspec_free), or -1 after
 * reporting. */
int fitspec_build(eval_ctx *ev, int model, const ast_expr *data, const ast_vec *vary,
                  const ast_vec *clauses, loc at, fitspec *out);
/* The same with DATA evaluated already (found at DATA_AT; retained). */
int fitspec_build_value(eval_ctx *ev, int model, value data, loc data_at, const ast_vec *vary,
                        const ast_vec *clauses, loc at, fitspec *out);
void fitspec_free(fitspec *s);

/* A name (a record's key, a label) made from FMT that lives as long as
 * the program, in its arena: a sweep's threads take turns with it. */
const char *fitspec_name(eval_ctx *ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The model an expression names: 0, or -1 after reporting. */
int fitspec_model(eval_ctx *ev, const ast_expr *e, const char *verb, int *model);

#endif
