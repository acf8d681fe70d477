/* resource.h - the Resource model (paper §2.4, §2.5.2, §5; Eq. 1, 4, 5, 13):
 *   du_i/dt = -eta B_i sum_k C_ik p_k u_k / (D + N0),
 *   D = sum_j p_j u_j (compete = all) or sum_j B_j p_j u_j (compete = gated),
 * with u replaced by sigmoid(-s) and the sign flipped for cross-entropy.
 * Stepped by explicit Euler (dt = 1, u clamped at 0: the reference code's
 * stepping) or by GSL's adaptive rk45, rk8pd and msbdf. */
#ifndef SKILL_RESOURCE_H
#define SKILL_RESOURCE_H

#include "backend.h"

/* The skill-learning time of Eq. 3 for K skills of frequencies P: the time
 * at which skill X reaches LEVEL under identity correlation, no gates. */
double resource_closed_form_time(const double *p, int K, int x, double level, double eta,
                                 double N0);

#endif
