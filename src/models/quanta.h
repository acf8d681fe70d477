/* quanta.h - the Quanta model (paper §3.1, Fig. 9 right; the "parallel
 * model"): every skill is learned on its own, at a rate proportional to
 * its frequency, so the time to learn skill n is t_n ∝ 1/p_n.  Skill i's
 * level is s_i(t) = 1 - exp(-eta p_i t), the solution of du_i/dt =
 * -eta p_i u_i: the Resource model of Eq. 1 without the competition for
 * resources (its denominator held at 1).  Skills beyond `capacity`, in
 * order of decreasing frequency, stay at 0. */
#ifndef SKILL_QUANTA_H
#define SKILL_QUANTA_H

#include "backend.h"

#endif
