/* batchdraw.h - a Geometry step's batch drawn from Walker's alias table as
 * gsl_ran_discrete draws it from GSL's mt19937, but with the generator
 * inlined: the same skills in the same order (test_batchdraw checks it
 * against GSL) at a fraction of the cost of two library calls a draw. */
#ifndef SKILL_BATCHDRAW_H
#define SKILL_BATCHDRAW_H

#include <stdint.h>

#include <gsl/gsl_randist.h>

typedef struct batchdraw {
    uint32_t mt[624];
    int next;                   /* the next word of mt to temper */
} batchdraw;

/* As gsl_rng_set(r, seed) for r of type gsl_rng_mt19937. */
void batchdraw_seed(batchdraw *s, unsigned long seed);
/* As gsl_rng_get: the next 32-bit word. */
uint32_t batchdraw_word(batchdraw *s);
/* COUNT draws into OUT, each as gsl_ran_discrete(r, table). */
void batchdraw_draw(batchdraw *s, const gsl_ran_discrete_t *table, int count, int *out);
/* The same without AVX2 (batchdraw_draw uses it when the CPU has AVX2):
 * the same skills, for the tests. */
void batchdraw_draw_scalar(batchdraw *s, const gsl_ran_discrete_t *table, int count, int *out);

#endif
