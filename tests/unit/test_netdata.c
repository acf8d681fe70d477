/* test_netdata.c - the network model's data (src/models/netdata.c): every
 * target recomputed here from the inputs, the per-step masks counted, the
 * draws held to binomial and chi-square bounds, and bad specs refused. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "netdata.h"
#include "testkit.h"

static gsl_rng *rng_seeded(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

static netdata *make(const netdata_spec *spec, unsigned long seed)
{
    char err[256] = "";
    gsl_rng *r = rng_seeded(seed);
    netdata *d = netdata_new(spec, r, err, sizeof err);
    CHECK(d != NULL, "netdata_new refused a good spec: %s", err);
    gsl_rng_free(r);
    return d;
}

/* The parity of X's bits listed in BITS (K of them). */
static int parity(const double *x, const int *bits, int k)
{
    int odd = 0;
    for (int j = 0; j < k; j++)
        odd ^= x[bits[j]] == 1;
    return odd;
}

static long count_train(const netdata *d)
{
    long n = 0;
    for (long r = 0; r < d->n; r++)
        n += !d->train || d->train[r];
    return n;
}

static long mask_column_sum(const netdata *d, int col, int train_only)
{
    long n = 0;
    for (long r = 0; r < d->n; r++)
        if (!train_only || !d->train || d->train[r])
            n += d->mask[r * d->noutputs + col] == 1;
    return n;
}

/* ------------------------------------------------------------ parity */

/* Fig. 16 top: y1 = x2 xor x3, y2 = x0 xor x1, y3 needs both. */
static const int fig16_bits[] = { 2, 3, 0, 1, 0, 0 };
static const int fig16_nbitsof[] = { 2, 2, 0 };
static const int fig16_needs[] = { 0, 0, 0, 0, 0, 1 };
static const int fig16_nneeds[] = { 0, 0, 2 };
static const double thirds[] = { 1.0 / 3, 1.0 / 3, 1.0 / 3 };

static netdata_spec fig16_spec(long n, double train_fraction)
{
    netdata_spec s = { .task = NETDATA_PARITY, .K = 3, .freq = thirds, .nbits = 32, .kmax = 2,
                       .bits = fig16_bits, .nbitsof = fig16_nbitsof, .needs = fig16_needs,
                       .nneeds = fig16_nneeds, .nsamples = n, .train_fraction = train_fraction };
    return s;
}

static void check_parity_targets(void)
{
    netdata_spec s = fig16_spec(2000, 0.8);
    netdata *d = make(&s, 1);
    if (!d)
        return;
    CHECK(d->n == 2000 && d->ntrain == 1600 && count_train(d) == 1600,
          "2000 samples at 0.8: n %ld, ntrain %ld, flagged %ld", d->n, d->ntrain, count_train(d));
    CHECK(d->ninputs == 32 && d->noutputs == 3, "inputs %d outputs %d", d->ninputs, d->noutputs);
    long ones = 0, bad = 0;
    for (long r = 0; r < d->n; r++) {
        const double *x = d->x + r * 32, *y = d->target + r * 3;
        for (int b = 0; b < 32; b++) {
            bad += x[b] != 0 && x[b] != 1;
            ones += x[b] == 1;
        }
        int y1 = (int)x[2] ^ (int)x[3], y2 = (int)x[0] ^ (int)x[1];
        bad += y[0] != y1 || y[1] != y2 || y[2] != (y1 ^ y2) || d->skill_of[r] != -1;
        for (int i = 0; i < 3; i++)
            bad += d->mask[r * 3 + i] != 1;
    }
    CHECK(bad == 0, "%ld wrong bits, targets, masks or skills", bad);
    /* 64000 fair bits: 32000 ones, sd 126. */
    CHECK(fabs(ones - 32000.0) < 5 * sqrt(64000 * 0.25), "%ld ones among 64000 bits", ones);
    netdata_free(d);
}

/* Bits shared between prerequisites cancel; a chain of needs composes. */
static void check_composition(void)
{
    const int bits[] = { 0, 1, 1, 2, 0, 0, 0, 0 };
    const int nbitsof[] = { 2, 2, 0, 0 };
    const int needs[] = { 0, 0, 0, 0, 0, 1, 2, 0 };
    const int nneeds[] = { 0, 0, 2, 2 };
    const double freq[] = { 0.25, 0.25, 0.25, 0.25 };
    netdata_spec s = { .task = NETDATA_PARITY, .K = 4, .freq = freq, .nbits = 5, .kmax = 2, .bits = bits,
                       .nbitsof = nbitsof, .needs = needs, .nneeds = nneeds, .nsamples = 500,
                       .train_fraction = 1 };
    netdata *d = make(&s, 2);
    if (!d)
        return;
    long bad = 0;
    for (long r = 0; r < d->n; r++) {
        const double *x = d->x + r * 5, *y = d->target + r * 4;
        int x02[] = { 0, 2 };
        bad += y[2] != ((int)y[0] ^ (int)y[1]) || y[2] != parity(x, x02, 2);
        bad += y[3] != ((int)y[2] ^ (int)y[0]) || y[3] != y[1];
    }
    CHECK(bad == 0, "%ld rows where y3 != y1 xor y2 = x0 xor x2, or y4 != y3 xor y1", bad);
    CHECK(d->train == NULL && d->ntrain == 500, "training fraction 1 flags no rows");
    netdata_free(d);
}

/* Random k-subsets, on a generator of 24 bits (one bit per draw). */
static void check_random_bits_other_generator(void)
{
    /* kmax 4: skill i's bits at bits[4 i ..] */
    const int bits[] = { 7, 3, 11, -1, 0, -1, -1, -1, 9, 4, 5, 6 };
    const int nbitsof[] = { 3, 1, 4 };
    const double freq[] = { 0.5, 0.25, 0.25 };
    netdata_spec s = { .task = NETDATA_PARITY, .K = 3, .freq = freq, .nbits = 12, .kmax = 4, .bits = bits,
                       .nbitsof = nbitsof, .nsamples = 3000, .train_fraction = 1 };
    char err[256] = "";
    gsl_rng *r = gsl_rng_alloc(gsl_rng_ranlux);
    gsl_rng_set(r, 3);
    netdata *d = netdata_new(&s, r, err, sizeof err);
    gsl_rng_free(r);
    CHECK(d != NULL, "ranlux: %s", err);
    if (!d)
        return;
    long bad = 0, ones = 0;
    for (long row = 0; row < d->n; row++) {
        const double *x = d->x + row * 12;
        for (int i = 0; i < 3; i++)
            bad += d->target[row * 3 + i] != parity(x, bits + 4 * i, nbitsof[i]);
        for (int b = 0; b < 12; b++)
            ones += x[b] == 1;
    }
    CHECK(bad == 0, "ranlux: %ld wrong targets", bad);
    CHECK(fabs(ones - 18000.0) < 5 * sqrt(36000 * 0.25), "ranlux: %ld ones among 36000 bits", ones);
    netdata_free(d);
}

/* ------------------------------------------------------------ masks */

static const int two_bits[] = { 0, 1, 2, 3 };
static const int two_nbitsof[] = { 2, 2 };

static netdata_spec two_skills(const double *freq, long n, double train_fraction)
{
    netdata_spec s = { .task = NETDATA_PARITY, .K = 2, .freq = freq, .nbits = 32, .kmax = 2,
                       .bits = two_bits, .nbitsof = two_nbitsof, .nsamples = n,
                       .train_fraction = train_fraction };
    return s;
}

/* Fig. 2 bottom: p2 in {1, 0.5, 0.2, 0.1, 0.05} of 10000 rows, as the
 * reference's mask[:int(N (1 - p2)), 1] = 0 leaves: 10000 - int(10000 (1 -
 * p2)) rows, every step. */
static void check_fig2_mask_counts(void)
{
    const double p2[] = { 1, 0.5, 0.2, 0.1, 0.05 };
    const long want[] = { 10000, 5000, 2000, 1000, 500 };
    for (int c = 0; c < 5; c++) {
        double freq[] = { 1 / (1 + p2[c]), p2[c] / (1 + p2[c]) };
        netdata_spec s = two_skills(freq, 10000, 1);
        netdata *d = make(&s, 4);
        if (!d)
            return;
        gsl_rng *r = rng_seeded(5);
        long wrong = 0;
        for (long t = 0; t <= 20; t++) {
            if (t > 0)
                netdata_step(d, &s, r, t);
            wrong += mask_column_sum(d, 0, 0) != 10000 || mask_column_sum(d, 1, 0) != want[c];
        }
        CHECK(wrong == 0, "p2 = %g: %ld steps without 10000 and %ld counting rows", p2[c], wrong, want[c]);
        gsl_rng_free(r);
        netdata_free(d);
    }
}

/* K skills: round(ntrain * freq / max freq) rows each; the test rows count
 * for every skill and stay so; frequencies may change between steps. */
static void check_general_mask_rule(void)
{
    double freq[] = { 0.3, 0.6, 0.1 };
    const int bits[] = { 0, 1, 2, 3, 4, 5 };
    const int nbitsof[] = { 2, 2, 2 };
    netdata_spec s = { .task = NETDATA_PARITY, .K = 3, .freq = freq, .nbits = 8, .kmax = 2, .bits = bits,
                       .nbitsof = nbitsof, .nsamples = 800, .train_fraction = 0.75 };
    netdata *d = make(&s, 6);
    if (!d)
        return;
    gsl_rng *r = rng_seeded(7);
    long wrong = 0;
    for (long t = 1; t <= 10; t++) {
        netdata_step(d, &s, r, t);
        wrong += mask_column_sum(d, 0, 1) != 300 || mask_column_sum(d, 1, 1) != 600 ||
                 mask_column_sum(d, 2, 1) != 100;
        for (int i = 0; i < 3; i++)
            wrong += mask_column_sum(d, i, 0) - mask_column_sum(d, i, 1) != 200;
    }
    CHECK(d->ntrain == 600, "ntrain %ld, not 600", d->ntrain);
    CHECK(wrong == 0, "(0.3, 0.6, 0.1) of 600 training rows: not 300, 600, 100 counting (%ld)", wrong);
    freq[0] = 0.6;
    freq[1] = 0.3;
    netdata_step(d, &s, r, 11);
    CHECK(mask_column_sum(d, 0, 1) == 600 && mask_column_sum(d, 1, 1) == 300 &&
          mask_column_sum(d, 2, 1) == 100, "frequencies swapped: %ld %ld %ld", mask_column_sum(d, 0, 1),
          mask_column_sum(d, 1, 1), mask_column_sum(d, 2, 1));
    /* 600 x 2/7 = 171.4 and 600 x 1/7 = 85.7 round to 171 and 86. */
    freq[0] = 0.7;
    freq[1] = 0.2;
    netdata_step(d, &s, r, 12);
    CHECK(mask_column_sum(d, 0, 1) == 600 && mask_column_sum(d, 1, 1) == 171 &&
          mask_column_sum(d, 2, 1) == 86, "(0.7, 0.2, 0.1): %ld %ld %ld, not 600 171 86",
          mask_column_sum(d, 0, 1), mask_column_sum(d, 1, 1), mask_column_sum(d, 2, 1));
    gsl_rng_free(r);
    netdata_free(d);
}

/* The rare skill's rows are drawn afresh: consecutive steps share about
 * m^2 / N of them, and over many steps every row counts equally often. */
static void check_masks_fresh_and_uniform(void)
{
    const double freq[] = { 1 / 1.1, 0.1 / 1.1 };
    enum { N = 200, M = 20, STEPS = 4000 };
    netdata_spec s = two_skills(freq, N, 1);
    netdata *d = make(&s, 8);
    if (!d)
        return;
    gsl_rng *r = rng_seeded(9);
    static long hits[N];
    double prev[N], shared = 0;
    for (long t = 1; t <= STEPS; t++) {
        for (int row = 0; row < N; row++)
            prev[row] = d->mask[row * 2 + 1];
        netdata_step(d, &s, r, t);
        for (int row = 0; row < N; row++) {
            hits[row] += d->mask[row * 2 + 1] == 1;
            shared += prev[row] == 1 && d->mask[row * 2 + 1] == 1;
        }
    }
    /* Overlap of two random 20-subsets of 200: mean 2 a step, var about
     * 2 * 0.9 * 0.9 (hypergeometric); over 4000 steps mean 8000, sd ~ 81. */
    CHECK(fabs(shared - 2.0 * STEPS) < 5 * sqrt(STEPS * 2 * 0.81), "consecutive masks share %.0f rows "
          "over %d steps, not about %d", shared, STEPS, 2 * STEPS);
    double expect = (double)STEPS * M / N, chi2 = 0;
    for (int row = 0; row < N; row++)
        chi2 += (hits[row] - expect) * (hits[row] - expect) / expect;
    /* Each count is binomial(4000, 0.1) (rows exactly M a step): chi2 has
     * mean (N - 1) (1 - M/N) = 179, sd ~ sqrt(2 (N - 1)) 0.9 = 18. */
    CHECK(chi2 > 179 - 5 * 18 && chi2 < 179 + 5 * 18, "coverage chi-square %.1f, not about 179", chi2);
    gsl_rng_free(r);
    netdata_free(d);
}

/* ------------------------------------------------------------ multitask */

enum { MT_TASKS = 10, MT_BITS = 30, MT_K = 3, MT_N = 20000 };
static int mt_bits[MT_TASKS * MT_K];
static int mt_nbitsof[MT_TASKS];
static double mt_freq[MT_TASKS];

static netdata_spec multitask_spec(void)
{
    double total = 0;
    for (int i = 0; i < MT_TASKS; i++) {
        for (int j = 0; j < MT_K; j++)
            mt_bits[i * MT_K + j] = (7 * i + 11 * j) % MT_BITS;
        mt_nbitsof[i] = MT_K;
        mt_freq[i] = i == 7 ? 0 : 1.0 / (i + 1);
        total += mt_freq[i];
    }
    for (int i = 0; i < MT_TASKS; i++)
        mt_freq[i] /= total;
    netdata_spec s = { .task = NETDATA_MULTITASK, .K = MT_TASKS, .freq = mt_freq, .nbits = MT_BITS,
                       .kmax = MT_K, .bits = mt_bits, .nbitsof = mt_nbitsof, .nsamples = MT_N,
                       .train_fraction = 1 };
    return s;
}

static long check_multitask_batch(const netdata *d, long *tasks)
{
    long bad = 0;
    for (long r = 0; r < d->n; r++) {
        const double *x = d->x + r * d->ninputs;
        int set = 0, which = -1;
        for (int i = 0; i < MT_TASKS; i++)
            if (x[i] == 1) {
                set++;
                which = i;
            } else
                bad += x[i] != 0;
        for (int b = 0; b < MT_BITS; b++)
            bad += x[MT_TASKS + b] != 0 && x[MT_TASKS + b] != 1;
        bad += set != 1 || which != d->skill_of[r];
        if (set == 1) {
            bad += d->target[r] != parity(x + MT_TASKS, mt_bits + which * MT_K, MT_K);
            tasks[which]++;
        }
    }
    return bad;
}

static void check_multitask(void)
{
    netdata_spec s = multitask_spec();
    netdata *d = make(&s, 10);
    if (!d)
        return;
    CHECK(d->ninputs == MT_TASKS + MT_BITS && d->noutputs == 1 && d->mask == NULL && d->train == NULL &&
          d->ntrain == MT_N, "multitask layout: %d inputs, %d outputs", d->ninputs, d->noutputs);
    gsl_rng *r = rng_seeded(11);
    long tasks[MT_TASKS] = { 0 }, bad = check_multitask_batch(d, tasks), changed = 0;
    enum { BATCHES = 5 };
    for (long t = 1; t < BATCHES; t++) {
        double first = d->x[MT_TASKS], sum = 0;
        for (long j = 0; j < 1000; j++)
            sum += d->x[j] * (j + 1);
        netdata_step(d, &s, r, t);
        double after = 0;
        for (long j = 0; j < 1000; j++)
            after += d->x[j] * (j + 1);
        changed += after != sum || first != d->x[MT_TASKS];
        bad += check_multitask_batch(d, tasks);
    }
    CHECK(bad == 0, "%ld wrong control bits, data bits or targets", bad);
    CHECK(changed == BATCHES - 1, "the batch was redrawn %ld times of %d", changed, BATCHES - 1);
    double n = (double)BATCHES * MT_N;
    for (int i = 0; i < MT_TASKS; i++) {
        double mean = n * mt_freq[i], sd = sqrt(n * mt_freq[i] * (1 - mt_freq[i]));
        CHECK(fabs(tasks[i] - mean) <= 5 * sd, "task %d drawn %ld times, not %.0f +- 5 x %.1f", i, tasks[i],
              mean, sd);
    }
    gsl_rng_free(r);
    netdata_free(d);
}

/* ------------------------------------------------------------ regression */

static void check_regression(void)
{
    const double freq[] = { 0.99, 0.01 };
    netdata_spec s = { .task = NETDATA_REGRESSION, .K = 2, .freq = freq, .nsamples = 1000, .train_fraction = 1 };
    netdata *d = make(&s, 12);
    if (!d)
        return;
    CHECK(d->ninputs == 2 && d->noutputs == 2 && d->train == NULL, "regression layout");
    long count[2] = { 0, 0 }, bad = 0;
    double sum_sq = 0;
    for (long r = 0; r < d->n; r++) {
        int k = d->skill_of[r];
        if (k < 0 || k > 1) {
            bad++;
            continue;
        }
        count[k]++;
        const double *x = d->x + r * 2, *y = d->target + r * 2, *m = d->mask + r * 2;
        bad += x[1 - k] != 0 || !(x[k] >= -1 && x[k] <= 1) || x[k] == 0;
        bad += y[0] != x[0] * x[0] || y[1] != x[1] * x[1];
        bad += m[k] != 1 || m[1 - k] != 0;
        sum_sq += x[k] * x[k];
    }
    CHECK(count[0] == 990 && count[1] == 10, "skills own %ld and %ld samples, not 990 and 10", count[0], count[1]);
    CHECK(bad == 0, "%ld wrong coordinates, targets or masks", bad);
    /* x^2 of U[-1, 1]: mean 1/3, sd 0.298, over 1000 samples. */
    CHECK(fabs(sum_sq / 1000 - 1.0 / 3) < 5 * 0.298 / sqrt(1000), "mean x^2 %.4f, not 1/3", sum_sq / 1000);
    netdata_free(d);
}

/* The rare skill's rows are a random set: over 40 seeds, 400 rare rows,
 * half of them (sd 10) in the first half of the rows. */
static void check_regression_rows_random(void)
{
    const double freq[] = { 0.99, 0.01 };
    netdata_spec s = { .task = NETDATA_REGRESSION, .K = 2, .freq = freq, .nsamples = 1000, .train_fraction = 1 };
    long first_half = 0;
    for (unsigned long seed = 100; seed < 140; seed++) {
        netdata *d = make(&s, seed);
        if (!d)
            return;
        for (long r = 0; r < 500; r++)
            first_half += d->skill_of[r] == 1;
        netdata_free(d);
    }
    CHECK(fabs(first_half - 200.0) < 5 * 10, "%ld of 400 rare rows in the first half", first_half);
}

static void check_apportion(void)
{
    /* Largest remainders: 3.33 each gets 4 3 3; 6 3.6 2.4 gets 6 4 2;
     * 1.5 4.7 3.8 gets 1 5 4. */
    const double three[] = { 1.0 / 3, 1.0 / 3, 1.0 / 3 }, uneven[] = { 0.5, 0.3, 0.2 };
    const double late[] = { 0.15, 0.47, 0.38 };
    const long want_three[] = { 4, 3, 3 }, want_uneven[] = { 6, 4, 2 }, want_late[] = { 1, 5, 4 };
    const double *freq[] = { three, uneven, late };
    const long *want[] = { want_three, want_uneven, want_late }, n[] = { 10, 12, 10 };
    for (int c = 0; c < 3; c++) {
        netdata_spec s = { .task = NETDATA_REGRESSION, .K = 3, .freq = freq[c], .nsamples = n[c],
                           .train_fraction = 1 };
        netdata *d = make(&s, 13);
        if (!d)
            return;
        long got[3] = { 0, 0, 0 };
        for (long r = 0; r < d->n; r++)
            if (d->skill_of[r] >= 0 && d->skill_of[r] < 3)
                got[d->skill_of[r]]++;
        CHECK(got[0] == want[c][0] && got[1] == want[c][1] && got[2] == want[c][2],
              "%ld samples split %ld %ld %ld, not %ld %ld %ld", n[c], got[0], got[1], got[2], want[c][0],
              want[c][1], want[c][2]);
        netdata_free(d);
    }
}

/* ------------------------------------------------------------ modular */

static void check_modular(void)
{
    const double one[] = { 1 };
    netdata_spec s = { .task = NETDATA_MODULAR, .K = 1, .freq = one, .modulus = 59, .train_fraction = 0.8 };
    netdata *d = make(&s, 14);
    if (!d)
        return;
    CHECK(d->n == 3481 && d->ntrain == 2784 && count_train(d) == 2784 && d->n - count_train(d) == 697,
          "59^2 at 0.8: n %ld, ntrain %ld, flagged %ld", d->n, d->ntrain, count_train(d));
    CHECK(d->ninputs == 2 && d->noutputs == 59 && d->mask == NULL, "modular layout: %d inputs, %d outputs",
          d->ninputs, d->noutputs);
    static int seen[59][59];
    long bad = 0;
    for (long k = 0; k < d->n; k++) {
        double a = d->x[2 * k], b = d->x[2 * k + 1];
        bad += a != k % 59 || b != k / 59 || d->target[k] != fmod(a + b, 59) || d->skill_of[k] != 0;
        if (a >= 0 && a < 59 && b >= 0 && b < 59)
            seen[(int)a][(int)b]++;
    }
    for (int a = 0; a < 59; a++)
        for (int b = 0; b < 59; b++)
            bad += seen[a][b] != 1;
    CHECK(bad == 0, "%ld wrong rows, labels, or pairs not present exactly once", bad);
    /* The training set is spread: each tenth of the rows holds 0.8 of it. */
    for (int part = 0; part < 10; part++) {
        long n = 0;
        for (long k = part * 348; k < (part + 1) * 348; k++)
            n += d->train[k];
        CHECK(fabs(n - 278.4) < 5 * sqrt(348 * 0.16), "rows %d.. hold %ld training pairs", part * 348, n);
    }
    netdata_free(d);
}

/* ------------------------------------------------------------ determinism */

static int same(const void *a, const void *b, size_t bytes)
{
    return (a == NULL && b == NULL) || (a && b && memcmp(a, b, bytes) == 0);
}

static int same_data(const netdata *a, const netdata *b)
{
    /* Without a mask, one target a sample (MULTITASK, MODULAR). */
    size_t n = (size_t)a->n, ntarget = a->mask ? n * a->noutputs : n, nmask = a->mask ? ntarget : 0;
    return a->n == b->n && a->ninputs == b->ninputs && a->noutputs == b->noutputs &&
           same(a->x, b->x, n * a->ninputs * sizeof(double)) &&
           same(a->target, b->target, ntarget * sizeof(double)) && same(a->mask, b->mask, nmask * sizeof(double)) &&
           same(a->train, b->train, n) && same(a->skill_of, b->skill_of, n * sizeof(int));
}

static void check_determinism(void)
{
    const double reg_freq[] = { 0.9, 0.1 }, one[] = { 1 }, two[] = { 1 / 1.2, 0.2 / 1.2 };
    netdata_spec specs[] = {
        two_skills(two, 300, 0.8),
        multitask_spec(),
        { .task = NETDATA_REGRESSION, .K = 2, .freq = reg_freq, .nsamples = 300, .train_fraction = 0.5 },
        { .task = NETDATA_MODULAR, .K = 1, .freq = one, .modulus = 13, .train_fraction = 0.5 },
    };
    for (int c = 0; c < 4; c++) {
        netdata *a = make(&specs[c], 21), *b = make(&specs[c], 21), *other = make(&specs[c], 22);
        if (!a || !b || !other)
            return;
        CHECK(same_data(a, b), "task %d: the same seed gave different data", c);
        CHECK(!same_data(a, other), "task %d: seeds 21 and 22 gave the same data", c);
        gsl_rng *ra = rng_seeded(23), *rb = rng_seeded(23);
        netdata_step(a, &specs[c], ra, 1);
        netdata_step(b, &specs[c], rb, 1);
        CHECK(same_data(a, b), "task %d: the same seed gave different data after a step", c);
        gsl_rng_free(ra);
        gsl_rng_free(rb);
        netdata_free(a);
        netdata_free(b);
        netdata_free(other);
    }
}

/* ------------------------------------------------------------ bad specs */

static void expect_refusal(const netdata_spec *s, const char *want, const char *what)
{
    char err[256] = "";
    gsl_rng *r = rng_seeded(30);
    netdata *d = netdata_new(s, r, err, sizeof err);
    gsl_rng_free(r);
    CHECK(d == NULL, "%s: accepted", what);
    netdata_free(d);
    CHECK(strncmp(err, want, strlen(want)) == 0, "%s: reason\n  \"%s\", not\n  \"%s\"", what, err, want);
}

static void check_bad_parity_specs(void)
{
    const double half[] = { 0.5, 0.5 }, bad_freq[] = { 1.5, -0.5 }, zero[] = { 0, 0 };
    int bits[] = { 0, 1, 2, 3 }, nbitsof[] = { 2, 2 }, needs[] = { 0, 0, 0, 0 }, nneeds[] = { 0, 0 };
    netdata_spec s = { .task = NETDATA_PARITY, .K = 2, .freq = half, .nbits = 4, .kmax = 2, .bits = bits,
                       .nbitsof = nbitsof, .needs = needs, .nneeds = nneeds, .nsamples = 100,
                       .train_fraction = 1 };
    netdata_spec t = s;
    t.nbits = 1;
    expect_refusal(&t, "skill #1 has 2 bits but the inputs have only 1", "k > nbits");
    t.nbits = 0;
    expect_refusal(&t, "a parity task needs input bits (there are 0) and each skill's bits (at most 2 a "
                   "skill)", "no bits");
    t = s;
    t.nsamples = 0;
    expect_refusal(&t, "no samples (0)", "no samples");
    bits[3] = 4;
    expect_refusal(&s, "skill #2 has bit 4, outside 0..3", "bit out of range");
    bits[3] = 2;
    expect_refusal(&s, "skill #2 has bit 2 twice", "bit twice");
    bits[3] = 3;
    nneeds[1] = 1;
    expect_refusal(&s, "skill #2 has both bits and prerequisites", "bits and needs");
    nbitsof[1] = 0;
    needs[2] = 1;
    expect_refusal(&s, "skill #2 needs skill #2, itself", "needs itself");
    needs[2] = 5;
    expect_refusal(&s, "skill #2 needs skill #6, which does not exist", "needs a stranger");
    nbitsof[0] = 0;
    nneeds[0] = 1;
    needs[0] = 1;
    needs[2] = 0;
    expect_refusal(&s, "skill #1 needs itself through its prerequisites (a cycle)", "cycle");
    nneeds[0] = 0;
    expect_refusal(&s, "skill #1 has no bits and needs no skill: its parity is of nothing", "no bits");
    nbitsof[0] = 2;
    nneeds[1] = 2;
    needs[3] = 0;
    expect_refusal(&s, "skill #2 needs skill #1 twice", "needs twice");
    nneeds[1] = 3;
    expect_refusal(&s, "skill #2 has 0 bits and 3 prerequisites; each must be in 0..2", "over kmax");
    nneeds[1] = 1;
    t = s;
    t.freq = bad_freq;
    expect_refusal(&t, "the frequency of skill #2 is -0.5; frequencies must be finite and not negative",
                   "negative frequency");
    t.freq = zero;
    expect_refusal(&t, "all frequencies are 0", "zero frequencies");
    t = s;
    t.train_fraction = 0;
    expect_refusal(&t, "the training fraction is 0; it must be in (0, 1]", "fraction 0");
    t.train_fraction = 0.005;
    expect_refusal(&t, "a training fraction of 0.005 of 100 samples leaves no training sample", "no training");
    t = s;
    t.nsamples = 1L << 50;
    expect_refusal(&t, "the data set needs ", "absurd size");
    char err[256];
    gsl_rng *r = rng_seeded(31);
    netdata_free(netdata_new(&t, r, err, sizeof err));
    gsl_rng_free(r);
    CHECK(strstr(err, "more than this machine's memory") != NULL, "absurd size: \"%s\"", err);
}

/* Skill #1 needs #2, which is on the cycle #2 -> #3 -> #2: the reason
 * names a skill on the cycle. */
static void check_cycle_named(void)
{
    const double freq[] = { 0.25, 0.25, 0.25, 0.25 };
    const int bits[] = { 0, 0, 0, 0, 0, 0, 0, 1 }, nbitsof[] = { 0, 0, 0, 2 };
    const int needs[] = { 1, 0, 2, 3, 1, 0, 0, 0 }, nneeds[] = { 1, 2, 1, 0 };
    netdata_spec s = { .task = NETDATA_PARITY, .K = 4, .freq = freq, .nbits = 2, .kmax = 2, .bits = bits,
                       .nbitsof = nbitsof, .needs = needs, .nneeds = nneeds, .nsamples = 10,
                       .train_fraction = 1 };
    expect_refusal(&s, "skill #3 needs itself through its prerequisites (a cycle)", "cycle past #1");
}

static void check_bad_other_specs(void)
{
    const double one[] = { 1 }, two[] = { 0.5, 0.5 }, rare[] = { 0.999, 0.001 };
    netdata_spec s = { .task = NETDATA_MODULAR, .K = 1, .freq = one, .modulus = 1, .train_fraction = 0.8 };
    expect_refusal(&s, "the modulus p is 1; it must be at least 2", "p < 2");
    s.modulus = 2000000000;
    expect_refusal(&s, "the data set needs ", "p = 2e9");
    s.modulus = 5;
    s.K = 2;
    s.freq = two;
    expect_refusal(&s, "modular addition is one skill, not 2", "modular K = 2");
    netdata_spec m = multitask_spec();
    m.train_fraction = 0.9;
    expect_refusal(&m, "multitask parity draws a new batch every step: it has no test set (the training "
                   "fraction must be 1, not 0.9)", "multitask split");
    netdata_spec g = { .task = NETDATA_REGRESSION, .K = 2, .freq = rare, .nsamples = 100, .train_fraction = 1 };
    expect_refusal(&g, "skill #2 gets no sample: 0.001 of 100 samples rounds to 0", "regression empty skill");
    g.K = 0;
    expect_refusal(&g, "no skills", "K = 0");
}

int main(void)
{
    check_parity_targets();
    check_composition();
    check_random_bits_other_generator();
    check_fig2_mask_counts();
    check_general_mask_rule();
    check_masks_fresh_and_uniform();
    check_multitask();
    check_regression();
    check_regression_rows_random();
    check_apportion();
    check_modular();
    check_determinism();
    check_bad_parity_specs();
    check_cycle_named();
    check_bad_other_specs();
    if (failures)
        return 1;
    printf("netdata: all checks passed\n");
    return 0;
}
