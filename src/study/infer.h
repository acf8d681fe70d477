/* infer.h - infer M from DATA [on steps [a, b]] [skills [...]] [max N]:
 * the needs graph of a resource model's skills that best explains DATA's
 * curves (infersearch.c searches; this file evaluates the syntax and makes
 * the record).  See skill(5), infer. */
#ifndef SKILL_INFER_H
#define SKILL_INFER_H

#include "eval.h"

int infer_eval(eval_ctx *ev, const ast_expr *e, value *out);

/* 1 if V is a record `infer` made (`graph` draws it). */
int infer_is_record(value v);

#endif
