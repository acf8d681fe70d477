/* query.h - questions asked of run results (skill(5), QUERIES): final_loss,
 * loss_at, level, time_to, collapse, the closed form of Eq. 3, and the
 * fields r.steps, r.loss, r.NAME. */
#ifndef SKILL_QUERY_H
#define SKILL_QUERY_H

#include "builtins.h"
#include "eval.h"
#include "result.h"

int query_call(eval_ctx *ev, const ast_expr *e, const builtin *b, value *args, int n, value *out);
int query_member(eval_ctx *ev, const ast_expr *e, const result *r, const char *name, value *out);

#endif
