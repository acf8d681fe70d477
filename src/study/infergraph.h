/* infergraph.h - the candidate graphs `infer` searches: edges j -> i (skill
 * i needs skill j) over the program's skills, and the dependency factors a
 * run uses for them.  Skill i's factor is the AND of its prerequisites,
 * B_i = gate(u_j1) * gate(u_j2) * ..., exactly what `needs j1 and j2`
 * compiles to under the model's gate. */
#ifndef SKILL_INFERGRAPH_H
#define SKILL_INFERGRAPH_H

#include "arena.h"
#include "eval.h"
#include "expr.h"

typedef struct infer_graph {
    int n;                      /* the program's skills */
    unsigned char *edge;        /* n x n: edge[i * n + j] = 1 when i needs j */
} infer_graph;

infer_graph infergraph_new(int n);
infer_graph infergraph_copy(const infer_graph *g);
void infergraph_free(infer_graph *g);
int infergraph_has(const infer_graph *g, int from, int to);
void infergraph_set(infer_graph *g, int from, int to, int on);
int infergraph_edges(const infer_graph *g);
/* The prerequisites of skill TO. */
int infergraph_needs(const infer_graph *g, int to);
int infergraph_same(const infer_graph *a, const infer_graph *b);

/* The gate every candidate edge uses: the model's `gate` key, or the
 * default sharp(0.01) (built in A, located at AT). */
const ast_expr *infergraph_gate(const ir_model *m, arena *a, loc at);

/* Every skill's dependency factor under G, compiled in A for the run-time
 * scope of EV (the gate's parameters are read from the run's values): an
 * array over the program's skills, NULL where a skill needs nothing.  NULL
 * after reporting through ev->d. */
expr_prog **infergraph_factors(eval_ctx *ev, const infer_graph *g, const ast_expr *gate, arena *a);

/* "T5 needs T1 and T2" for skill TO, in A; NULL when it needs nothing. */
const char *infergraph_needs_text(const ir_program *ir, const infer_graph *g, int to, arena *a);

#endif
