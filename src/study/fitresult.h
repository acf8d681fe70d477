/* fitresult.h - a fit's outcome as the record the language sees: each
 * item's value and its 1-sigma error (KEY, KEY_err; p_S, p_S_err; a
 * family's or an `each` item's as vectors), then residual, rss, n, aic,
 * bic, converged, evaluations, undetermined and run; and the notes on
 * what the data do not determine. */
#ifndef SKILL_FITRESULT_H
#define SKILL_FITRESULT_H

#include "fitspec.h"

/* The record of O, fitted as S says; EXTRA more fields are left for the
 * caller at the end (keys NULL, values V_NONE).  Takes O's runs. */
value fitresult_record(eval_ctx *ev, const fitspec *s, fit_outcome *o, int extra);
/* A note at each item with a parameter the data do not determine. */
void fitresult_remarks(eval_ctx *ev, const fitspec *s, const fit_outcome *o);

#endif
