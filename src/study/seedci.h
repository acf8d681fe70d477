/* seedci.h - error bars over seeds for an exponent measured per seed
 * (docs: skill(5), "Error bars over seeds"): the bootstrap of the
 * median-of-seeds exponent, the Student-t interval of the mean of the
 * per-seed exponents, and the record every such error bar is. */
#ifndef SKILL_SEEDCI_H
#define SKILL_SEEDCI_H

#include "eval.h"

/* The two-sided level of the lo, hi interval of every record. */
#define SEEDCI_LEVEL 0.95
/* The bootstrap's generator: GSL's mt19937 with this seed, so that the
 * same data give the same bytes on every run. */
#define SEEDCI_BOOTSTRAP_SEED 1
#define SEEDCI_BOOTSTRAP_RESAMPLES 2000

/* bootstrap_slope(x, Y, a, b [, resamples]) (TWO_POINT) and
 * bootstrap_powerlaw(x, Y [, lo, hi [, resamples]]):
 * -> {exponent, stderr, lo, hi, samples, method: "bootstrap"} */
int seedci_bootstrap(eval_ctx *ev, const ast_expr *e, value *args, int n, int two_point, value *out);
/* t_slope(x, Y, a, b) (TWO_POINT) and t_powerlaw(x, Y [, lo, hi]):
 * -> {exponent, stderr, lo, hi, samples, method: "t"} */
int seedci_t(eval_ctx *ev, const ast_expr *e, value *args, int n, int two_point, value *out);
/* The jackknife's record: EXPONENT +- t(SAMPLES - 1) STDERR as lo, hi. */
void seedci_jackknife_record(value *out, double exponent, double stderr_, int samples);

#endif
