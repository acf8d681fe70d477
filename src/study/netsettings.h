/* netsettings.h - the rules that tie a network model's keys together
 * (skill(5), The network model): sizes that fit, a task its skills can
 * have, an optimizer. */
#ifndef SKILL_NETSETTINGS_H
#define SKILL_NETSETTINGS_H

#include "eval.h"
#include "ir.h"

/* 0, or -1 after reporting each problem at the key that causes it. */
int netsettings_finish(eval_ctx *ev, const ir_model *m, ir_settings *out);

#endif
