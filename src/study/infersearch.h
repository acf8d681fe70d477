/* infersearch.h - the search behind `infer`: candidate needs graphs, each
 * fitted with fit_solve and scored by its BIC with the edges counted as
 * parameters; skills learned in one stretch of steps chosen together,
 * stretch by stretch, then each skill's prerequisites revised until
 * nothing helps; then the evidence, every single-edge change of the best
 * graph fitted too.  See skill(5), infer. */
#ifndef SKILL_INFERSEARCH_H
#define SKILL_INFERSEARCH_H

#include "fitmulti.h"
#include "infergraph.h"

typedef struct infer_spec {
    fit_problem problem;        /* the fit every candidate makes; bfactor is the search's */
    const ast_expr *gate;       /* the gate of every edge */
    const int *nodes;           /* the skills searched (ev->ir->skills), declaration order */
    int nnodes;
    const double *learned;      /* per program skill: the step its data first reach
                                   INFER_ORDER_LEVEL; NAN never */
    const double *start, *done; /* likewise INFER_START_LEVEL, INFER_DONE_LEVEL */
    int max_needs;              /* prerequisites a skill may have */
} infer_spec;

#define INFER_ORDER_LEVEL 0.5
#define INFER_START_LEVEL 0.1
#define INFER_DONE_LEVEL 0.9

/* A graph one edge away from the best, and how much worse it scores. */
typedef struct infer_change {
    int from, to;
    int added;                  /* 1: the edge added; 0: removed */
    double delta_bic;
} infer_change;

typedef struct infer_found {
    infer_graph best;
    double bic;                 /* the fit's BIC plus one ln n per edge */
    fit_outcome fit;            /* the best graph's fit */
    infer_change *changes;      /* every single-edge change, ascending delta_bic */
    int nchanges;
    int candidates;             /* distinct graphs fitted */
} infer_found;

/* 0 with *OUT filled (free it with infer_found_free), or -1 after
 * reporting through ev->d. */
int infer_search(eval_ctx *ev, const infer_spec *spec, infer_found *out);
void infer_found_free(infer_found *f);

/* The BIC increase when edge FROM -> TO of F's best graph is removed. */
double infer_edge_evidence(const infer_found *f, int from, int to);

#endif
