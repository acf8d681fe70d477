/* infer.h - infer M from DATA [on steps [a, b]] [skills [...]] [max N]:
 * the needs graph of a resource model's skills that best explains DATA's
 * curves (infersearch.c searches; this file evaluates the syntax and makes
 * the record).  See skill(5), infer. */
#ifndef SKILL_INFER_H
#define SKILL_INFER_H

#include "arena.h"
#include "eval.h"

int infer_eval(eval_ctx *ev, const ast_expr *e, value *out);

/* 1 if V is a record `infer` made (`graph` draws it). */
int infer_is_record(value v);
/* The keys of such a record, *N of them: a record read back from another
 * process (valueser.c) takes these very strings, so that it is one too. */
const char *const *infer_record_keys(int *n);

struct graph_dep;
struct result;
/* The best graph's run in such a record REC. */
const struct result *infer_record_run(value rec);
/* Skill SKILL's inferred prerequisites in REC as a graph formula over the
 * node numbers NODE_OF (an AND of them, one skill, or NULL), built in A. */
const struct graph_dep *infer_graph_needs(value rec, int skill, const int *node_of, arena *a);

#endif
