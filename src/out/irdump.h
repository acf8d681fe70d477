/* irdump.h - `skill ir`: the checked program as a person reads it: the
 * parameters, the skills (frequency, needs, gate) and each model's
 * resolved settings (the keys src/lang/modelkeys.c marks as shown) and
 * equations.  A writer: the IR itself knows nothing of printing. */
#ifndef SKILL_IRDUMP_H
#define SKILL_IRDUMP_H

#include <stdio.h>

#include "ir.h"

void ir_dump(const ir_program *ir, FILE *out);
void ir_dump_skills(const ir_program *ir, FILE *out);     /* its "skills" part */

#endif
