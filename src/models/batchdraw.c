#include "batchdraw.h"

enum { MT_N = 624, MT_M = 397 };

void batchdraw_seed(batchdraw *s, unsigned long seed)
{
    if (seed == 0)
        seed = 4357;            /* GSL's default seed */
    s->mt[0] = (uint32_t)seed;
    for (int i = 1; i < MT_N; i++)
        s->mt[i] = 1812433253u * (s->mt[i - 1] ^ (s->mt[i - 1] >> 30)) + (uint32_t)i;
    s->next = MT_N;
}

static uint32_t twist(uint32_t upper, uint32_t lower, uint32_t far)
{
    uint32_t y = (upper & 0x80000000u) | (lower & 0x7fffffffu);
    return far ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
}

/* The next 624 words of Matsumoto and Nishimura's recurrence. */
static void refill(batchdraw *s)
{
    uint32_t *mt = s->mt;
    int k = 0;
    for (; k < MT_N - MT_M; k++)
        mt[k] = twist(mt[k], mt[k + 1], mt[k + MT_M]);
    for (; k < MT_N - 1; k++)
        mt[k] = twist(mt[k], mt[k + 1], mt[k + MT_M - MT_N]);
    mt[MT_N - 1] = twist(mt[MT_N - 1], mt[0], mt[MT_M - 1]);
    s->next = 0;
}

static inline uint32_t temper(uint32_t y)
{
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

uint32_t batchdraw_word(batchdraw *s)
{
    if (s->next >= MT_N)
        refill(s);
    return temper(s->mt[s->next++]);
}

/* GSL keeps Knuth's form of the table: F[c] is (c + the probability of
 * keeping c) / K, so u itself is compared with it.  The words are taken a
 * run of the state at a time, through locals the stores to OUT cannot
 * alias. */
void batchdraw_draw(batchdraw *s, const gsl_ran_discrete_t *table, int count, int *out)
{
    const double K = (double)table->K;
    const double *F = table->F;
    const size_t *A = table->A;
    for (int b = 0; b < count;) {
        if (s->next >= MT_N)
            refill(s);
        int take = count - b < MT_N - s->next ? count - b : MT_N - s->next;
        const uint32_t *words = s->mt + s->next;
        for (int i = 0; i < take; i++) {
            double u = temper(words[i]) / 4294967296.0;
            size_t c = (size_t)(u * K);
            double f = F[c];
            size_t alias = A[c];
            /* keep c or take its alias without a branch: which one is as
             * random as u, and a mispredicted branch costs more than both */
            size_t keep = (size_t)0 - (size_t)((f == 1.0) | (u < f));
            out[b + i] = (int)((c & keep) | (alias & ~keep));
        }
        s->next += take;
        b += take;
    }
}
