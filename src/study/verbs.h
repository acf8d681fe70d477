/* verbs.h - evaluating the table verbs (where, sort by, group by, select,
 * join ... by, with); see skill(5), TABLES. */
#ifndef SKILL_VERBS_H
#define SKILL_VERBS_H

#include "eval.h"

/* E is an E_VERB: 0 and the new table in *OUT, or -1 after an error. */
int verbs_eval(eval_ctx *ev, const ast_expr *e, value *out);

#endif
