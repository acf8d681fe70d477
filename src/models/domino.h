/* domino.h - the Domino model (paper §2.6, Eq. 6): skills are learned one
 * at a time in order of decreasing frequency, each taking t0 = 1/eta steps;
 * a skill whose `needs` are not yet complete waits for them.  With
 * `modules = M` (§6.1) M modules learn in parallel, one skill each at a
 * time, each in sqrt(M)/eta steps. */
#ifndef SKILL_DOMINO_H
#define SKILL_DOMINO_H

#include "backend.h"

#endif
