/* batchdraw (src/models/batchdraw.h) against GSL: the same mt19937 words
 * for several seeds (0 is GSL's 4357), and the same skills drawn from
 * Walker tables of Zipf, uniform and one-sided frequencies. */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "batchdraw.h"
#include "testkit.h"

static const unsigned long seeds[] = {0, 1, 4357, 123456789, 4294967295UL};

static void check_words(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    batchdraw s;
    gsl_rng_set(r, seed);
    batchdraw_seed(&s, seed);
    int same = 1;
    for (int i = 0; i < 5000 && same; i++) {
        unsigned long want = gsl_rng_get(r);
        uint32_t got = batchdraw_word(&s);
        same = got == want;
        CHECK(same, "seed %lu word %d: %u, GSL %lu", seed, i, got, want);
    }
    gsl_rng_free(r);
}

/* K frequencies: Zipf(1), all equal, or one skill with almost all. */
static void fill(double *p, int K, int shape)
{
    for (int k = 0; k < K; k++)
        p[k] = shape == 0 ? 1.0 / (k + 1) : shape == 1 ? 1 : (k == 3 ? 1e6 : 1e-3);
}

static void check_draws(unsigned long seed, int K, int shape, int scalar)
{
    double p[1000];
    int got[1024];
    fill(p, K, shape);
    gsl_ran_discrete_t *t = gsl_ran_discrete_preproc((size_t)K, p);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    batchdraw s;
    gsl_rng_set(r, seed);
    batchdraw_seed(&s, seed);
    int bad = 0;
    for (int step = 0; step < 20 && !bad; step++) {
        (scalar ? batchdraw_draw_scalar : batchdraw_draw)(&s, t, 1024, got);
        for (int b = 0; b < 1024 && !bad; b++) {
            int want = (int)gsl_ran_discrete(r, t);
            bad = got[b] != want;
            CHECK(!bad, "seed %lu K %d shape %d scalar %d step %d draw %d: %d, GSL %d", seed, K, shape, scalar,
                  step, b, got[b], want);
        }
    }
    gsl_rng_free(r);
    gsl_ran_discrete_free(t);
}

int main(void)
{
    const int Ks[] = {1, 2, 7, 1000};
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        check_words(seeds[i]);
        for (size_t k = 0; k < sizeof Ks / sizeof *Ks; k++)
            for (int shape = 0; shape < 3; shape++)
                for (int scalar = 0; scalar < 2; scalar++)
                    check_draws(seeds[i], Ks[k], shape, scalar);
    }
    printf("%s\n", failures ? "FAIL" : "PASS: batchdraw");
    return failures != 0;
}
