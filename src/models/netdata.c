#include "netdata.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>

/* A data set and what netdata_step needs to redraw it. */
typedef struct dataset {
    netdata pub;                /* first, so that a netdata * is a dataset * */
    int K, nbits;
    /* Skill i's target is the parity of bits bitlist[bitstart[i] ..
     * bitstart[i] + bitlen[i]) (a `needs` skill's flattened to bits). */
    int *bitlist, *bitstart, *bitlen;
    long *trainrows;            /* the training rows, reshuffled as masks are drawn */
    double *cdf;                /* MULTITASK: cumulative frequencies */
} dataset;

/* Fair bits, 32 from each draw of a generator that gives 32 bits. */
typedef struct bitsource {
    gsl_rng *rng;
    unsigned long word;
    int left, whole;
} bitsource;

static bitsource bits_from(gsl_rng *rng)
{
    bitsource s = { rng, 0, 0, gsl_rng_min(rng) == 0 && gsl_rng_max(rng) == 0xffffffffUL };
    return s;
}

static double next_bit(bitsource *s)
{
    if (!s->whole)
        return (double)gsl_rng_uniform_int(s->rng, 2);
    if (s->left == 0) {
        s->word = gsl_rng_get(s->rng);
        s->left = 32;
    }
    double bit = (double)(s->word & 1);
    s->word >>= 1;
    s->left--;
    return bit;
}

/* Uniform in [0, N), also beyond the generator's range. */
static long draw_below(gsl_rng *rng, long n)
{
    if ((unsigned long)n <= gsl_rng_max(rng) - gsl_rng_min(rng))
        return (long)gsl_rng_uniform_int(rng, (unsigned long)n);
    long k = (long)(gsl_rng_uniform(rng) * (double)n);
    return k < n ? k : n - 1;
}

/* Moves a uniformly random M-subset of ROWS[0..N) to its front. */
static void choose_front(long *rows, long n, long m, gsl_rng *rng)
{
    for (long j = 0; j < m; j++) {
        long k = j + draw_below(rng, n - j);
        long swap = rows[j];
        rows[j] = rows[k];
        rows[k] = swap;
    }
}

/* ------------------------------------------------------------ sizes */

static int is_parity(netdata_task task)
{
    return task == NETDATA_PARITY || task == NETDATA_MULTITASK;
}

static double rows_of(const netdata_spec *spec)
{
    return spec->task == NETDATA_MODULAR ? (double)spec->modulus * spec->modulus : (double)spec->nsamples;
}

static double inputs_of(const netdata_spec *spec)
{
    switch (spec->task) {
    case NETDATA_PARITY: return spec->nbits;
    case NETDATA_MULTITASK: return (double)spec->K + spec->nbits;
    case NETDATA_REGRESSION: return spec->K;
    case NETDATA_MODULAR: return 2;
    }
    return 0;
}

static double targets_of(const netdata_spec *spec)
{
    return spec->task == NETDATA_PARITY || spec->task == NETDATA_REGRESSION ? spec->K : 1;
}

static int has_mask(netdata_task task)
{
    return task == NETDATA_PARITY || task == NETDATA_REGRESSION;
}

double netdata_bytes(const netdata_spec *spec)
{
    double doubles = inputs_of(spec) + targets_of(spec) * (1 + has_mask(spec->task));
    double per_row = doubles * sizeof(double) + sizeof(int) + sizeof(long) + 1;
    return rows_of(spec) * per_row;
}

static double machine_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 0;
}

static int check_size(const netdata_spec *spec, char *err, size_t errlen)
{
    double need = netdata_bytes(spec), have = machine_bytes();
    double limit = have > 0 ? 0.8 * have : (double)PTRDIFF_MAX / 4;
    if (inputs_of(spec) > INT_MAX / 2) {
        snprintf(err, errlen, "%.0f inputs are too many", inputs_of(spec));
        return -1;
    }
    if (need > limit) {
        snprintf(err, errlen, "the data set needs %.1f GB (%.0f samples of %.0f inputs), more than "
                 "this machine's memory", need / 1e9, rows_of(spec), inputs_of(spec));
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ checks */

static int check_frequencies(const netdata_spec *spec, char *err, size_t errlen)
{
    if (!spec->freq) {
        snprintf(err, errlen, "no frequencies");
        return -1;
    }
    double total = 0;
    for (int i = 0; i < spec->K; i++) {
        if (!(spec->freq[i] >= 0) || !isfinite(spec->freq[i])) {
            snprintf(err, errlen, "the frequency of skill #%d is %g; frequencies must be finite "
                     "and not negative", i + 1, spec->freq[i]);
            return -1;
        }
        total += spec->freq[i];
    }
    if (!(total > 0)) {
        snprintf(err, errlen, "all frequencies are 0");
        return -1;
    }
    return 0;
}

static int check_counts(const netdata_spec *spec, char *err, size_t errlen)
{
    if (spec->K < 1) {
        snprintf(err, errlen, "no skills");
        return -1;
    }
    if (spec->task == NETDATA_MODULAR) {
        if (spec->K != 1) {
            snprintf(err, errlen, "modular addition is one skill, not %d", spec->K);
            return -1;
        }
        if (spec->modulus < 2) {
            snprintf(err, errlen, "the modulus p is %d; it must be at least 2", spec->modulus);
            return -1;
        }
    } else if (spec->nsamples < 1) {
        snprintf(err, errlen, "no samples (%ld)", spec->nsamples);
        return -1;
    }
    if (!(spec->train_fraction > 0 && spec->train_fraction <= 1)) {
        snprintf(err, errlen, "the training fraction is %g; it must be in (0, 1]", spec->train_fraction);
        return -1;
    }
    if (spec->task == NETDATA_MULTITASK && spec->train_fraction != 1) {
        snprintf(err, errlen, "multitask parity draws a new batch every step: it has no test set "
                 "(the training fraction must be 1, not %g)", spec->train_fraction);
        return -1;
    }
    return 0;
}

static int check_own_bits(const netdata_spec *spec, int i, char *seen, char *err, size_t errlen)
{
    const int *b = spec->bits + (size_t)i * spec->kmax;
    int k = spec->nbitsof[i], ok = 0;
    if (k > spec->nbits)
        snprintf(err, errlen, "skill #%d has %d bits but the inputs have only %d", i + 1, k, spec->nbits);
    else {
        ok = 1;
        for (int j = 0; j < k && ok; j++) {
            if (b[j] < 0 || b[j] >= spec->nbits) {
                snprintf(err, errlen, "skill #%d has bit %d, outside 0..%d", i + 1, b[j], spec->nbits - 1);
                ok = 0;
            } else if (seen[b[j]]) {
                snprintf(err, errlen, "skill #%d has bit %d twice", i + 1, b[j]);
                ok = 0;
            } else
                seen[b[j]] = 1;
        }
    }
    for (int j = 0; j < k && j < spec->kmax; j++)
        if (b[j] >= 0 && b[j] < spec->nbits)
            seen[b[j]] = 0;
    return ok ? 0 : -1;
}

static int check_needs(const netdata_spec *spec, int i, char *err, size_t errlen)
{
    const int *need = spec->needs + (size_t)i * spec->kmax;
    for (int j = 0; j < spec->nneeds[i]; j++) {
        if (need[j] < 0 || need[j] >= spec->K || need[j] == i) {
            snprintf(err, errlen, "skill #%d needs skill #%d, %s", i + 1, need[j] + 1,
                     need[j] == i ? "itself" : "which does not exist");
            return -1;
        }
        for (int l = 0; l < j; l++)
            if (need[l] == need[j]) {
                snprintf(err, errlen, "skill #%d needs skill #%d twice", i + 1, need[j] + 1);
                return -1;
            }
    }
    return 0;
}

static int check_skill(const netdata_spec *spec, int i, char *seen, char *err, size_t errlen)
{
    int k = spec->nbitsof[i], nn = spec->nneeds ? spec->nneeds[i] : 0;
    if (k < 0 || nn < 0 || k > spec->kmax || nn > spec->kmax) {
        snprintf(err, errlen, "skill #%d has %d bits and %d prerequisites; each must be in 0..%d",
                 i + 1, k, nn, spec->kmax);
        return -1;
    }
    if ((k > 0) == (nn > 0)) {
        snprintf(err, errlen, "skill #%d %s", i + 1, k > 0 ? "has both bits and prerequisites"
                 : "has no bits and needs no skill: its parity is of nothing");
        return -1;
    }
    if (k > 0 && !spec->bits) {
        snprintf(err, errlen, "skill #%d has %d bits but no bit list", i + 1, k);
        return -1;
    }
    return k > 0 ? check_own_bits(spec, i, seen, err, errlen) : check_needs(spec, i, err, errlen);
}

static int check_parity(const netdata_spec *spec, char *err, size_t errlen)
{
    if (spec->nbits < 1 || spec->kmax < 1 || !spec->nbitsof) {
        snprintf(err, errlen, "a parity task needs input bits (there are %d) and each skill's bits "
                 "(at most %d a skill)", spec->nbits, spec->kmax);
        return -1;
    }
    if ((spec->needs == NULL) != (spec->nneeds == NULL)) {
        snprintf(err, errlen, "prerequisites need both their lists and their counts");
        return -1;
    }
    char *seen = calloc((size_t)spec->nbits, 1);
    if (!seen) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < spec->K && rc == 0; i++)
        rc = check_skill(spec, i, seen, err, errlen);
    free(seen);
    return rc;
}

static int check_spec(const netdata_spec *spec, char *err, size_t errlen)
{
    if (!spec || spec->task < NETDATA_PARITY || spec->task > NETDATA_MODULAR) {
        snprintf(err, errlen, "no such data task");
        return -1;
    }
    if (check_counts(spec, err, errlen) != 0 || check_frequencies(spec, err, errlen) != 0)
        return -1;
    if (is_parity(spec->task) && check_parity(spec, err, errlen) != 0)
        return -1;
    return check_size(spec, err, errlen);
}

/* ------------------------------------------------------------ skills' bits */

static int append_bit(dataset *d, size_t *len, size_t *cap, int bit)
{
    if (*len == *cap) {
        size_t more = *cap ? 2 * *cap : 64;
        int *list = realloc(d->bitlist, more * sizeof *list);
        if (!list)
            return -1;
        d->bitlist = list;
        *cap = more;
    }
    d->bitlist[(*len)++] = bit;
    return 0;
}

/* Skill I's bits: its own, or those odd in number among its prerequisites'
 * (all flattened already), counted in ODD (nbits zeros, left so). */
static int flatten_skill(dataset *d, const netdata_spec *spec, int i, char *odd, size_t *len, size_t *cap)
{
    size_t start = *len;
    if (spec->nbitsof[i] > 0) {
        for (int j = 0; j < spec->nbitsof[i]; j++)
            if (append_bit(d, len, cap, spec->bits[(size_t)i * spec->kmax + j]) != 0)
                return -1;
    } else {
        for (int j = 0; j < spec->nneeds[i]; j++) {
            int pre = spec->needs[(size_t)i * spec->kmax + j];
            for (int l = 0; l < d->bitlen[pre]; l++)
                odd[d->bitlist[d->bitstart[pre] + l]] ^= 1;
        }
        for (int b = 0; b < spec->nbits; b++)
            if (odd[b]) {
                odd[b] = 0;
                if (append_bit(d, len, cap, b) != 0)
                    return -1;
            }
    }
    d->bitstart[i] = (int)start;
    d->bitlen[i] = (int)(*len - start);
    return 0;
}

static int ready(const dataset *d, const netdata_spec *spec, int i)
{
    for (int j = 0; spec->nneeds && j < spec->nneeds[i]; j++)
        if (d->bitlen[spec->needs[(size_t)i * spec->kmax + j]] < 0)
            return 0;
    return 1;
}

/* A skill on a cycle of needs, when the skills left unflattened hold one:
 * K steps from one of them to an unflattened prerequisite end on it. */
static int skill_on_cycle(const dataset *d, const netdata_spec *spec)
{
    int i = 0;
    while (d->bitlen[i] >= 0)
        i++;
    for (int step = 0; step < spec->K; step++) {
        const int *need = spec->needs + (size_t)i * spec->kmax;
        for (int j = 0; j < spec->nneeds[i]; j++)
            if (d->bitlen[need[j]] < 0) {
                i = need[j];
                break;
            }
    }
    return i;
}

/* Flattens every skill, prerequisites first: 0, -1 out of memory, or -2
 * with a reason (a cycle). */
static int flatten_skills(dataset *d, const netdata_spec *spec, char *err, size_t errlen)
{
    char *odd = calloc((size_t)spec->nbits, 1);
    size_t len = 0, cap = 0;
    if (!odd)
        return -1;
    for (int i = 0; i < spec->K; i++)
        d->bitlen[i] = -1;
    int left = spec->K, progress = 1;
    while (left > 0 && progress) {
        progress = 0;
        for (int i = 0; i < spec->K; i++) {
            if (d->bitlen[i] >= 0 || !ready(d, spec, i))
                continue;
            if (flatten_skill(d, spec, i, odd, &len, &cap) != 0 || len > INT_MAX) {
                free(odd);
                return -1;
            }
            left--;
            progress = 1;
        }
    }
    free(odd);
    if (left > 0) {
        snprintf(err, errlen, "skill #%d needs itself through its prerequisites (a cycle)",
                 skill_on_cycle(d, spec) + 1);
        return -2;
    }
    return 0;
}

static double parity_of(const dataset *d, int skill, const double *bits)
{
    int odd = 0;
    const int *b = d->bitlist + d->bitstart[skill];
    for (int j = 0; j < d->bitlen[skill]; j++)
        odd ^= bits[b[j]] != 0;
    return odd;
}

/* ------------------------------------------------------------ drawing */

static long train_count(const netdata_spec *spec, long n)
{
    double x = spec->train_fraction * (double)n;
    return (long)floor(x + 1e-9 * fmax(1, x));
}

/* The training rows: a random NTRAIN-subset, flagged (no flags: all). */
static int draw_split(dataset *d, long ntrain, gsl_rng *rng)
{
    netdata *p = &d->pub;
    long *rows = malloc((size_t)p->n * sizeof *rows);
    if (!rows)
        return -1;
    for (long r = 0; r < p->n; r++)
        rows[r] = r;
    p->ntrain = ntrain;
    if (ntrain < p->n) {
        if (!(p->train = calloc((size_t)p->n, 1))) {
            free(rows);
            return -1;
        }
        choose_front(rows, p->n, ntrain, rng);
        for (long j = 0; j < ntrain; j++)
            p->train[rows[j]] = 1;
        for (long r = 0, j = 0; r < p->n; r++)
            if (p->train[r])
                rows[j++] = r;
    }
    d->trainrows = rows;
    return 0;
}

/* How many of NTRAIN rows count for a skill of frequency FREQ when the
 * most frequent skill's is TOP. */
static long counting_rows(double freq, double top, long ntrain)
{
    double share = freq > 0 && top > 0 ? freq / top : 0;
    long m = lround((double)ntrain * fmin(share, 1));
    return m < ntrain ? m : ntrain;
}

static void draw_masks(dataset *d, const netdata_spec *spec, gsl_rng *rng)
{
    netdata *p = &d->pub;
    int K = p->noutputs;
    double top = 0;
    for (int i = 0; i < K; i++)
        top = spec->freq[i] > top ? spec->freq[i] : top;
    for (int i = 0; i < K; i++) {
        long m = counting_rows(spec->freq[i], top, p->ntrain);
        int all = m == p->ntrain;
        if (!all)
            choose_front(d->trainrows, p->ntrain, m, rng);
        for (long j = 0; j < p->ntrain; j++)
            p->mask[d->trainrows[j] * K + i] = all;
        for (long j = 0; j < m && !all; j++)
            p->mask[d->trainrows[j] * K + i] = 1;
    }
}

static void draw_parity(dataset *d, gsl_rng *rng)
{
    netdata *p = &d->pub;
    bitsource src = bits_from(rng);
    size_t nx = (size_t)p->n * p->ninputs;
    for (size_t j = 0; j < nx; j++)
        p->x[j] = next_bit(&src);
    for (long r = 0; r < p->n; r++) {
        p->skill_of[r] = -1;
        for (int i = 0; i < p->noutputs; i++)
            p->target[r * p->noutputs + i] = parity_of(d, i, p->x + r * p->ninputs);
    }
}

/* The skill of a uniform U: the first whose cumulative frequency exceeds it
 * (as NumPy's choice), so a skill of frequency 0 is never drawn. */
static int skill_at(const dataset *d, double u)
{
    int lo = 0, hi = d->K - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (d->cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static void cumulate(dataset *d, const netdata_spec *spec)
{
    double total = 0;
    for (int i = 0; i < d->K; i++) {
        total += spec->freq[i] > 0 && isfinite(spec->freq[i]) ? spec->freq[i] : 0;
        d->cdf[i] = total;
    }
    for (int i = 0; i < d->K; i++)
        d->cdf[i] = total > 0 ? d->cdf[i] / total : (i + 1.0) / d->K;
}

static void draw_multitask(dataset *d, const netdata_spec *spec, gsl_rng *rng)
{
    netdata *p = &d->pub;
    bitsource src = bits_from(rng);
    cumulate(d, spec);
    for (long r = 0; r < p->n; r++) {
        double *row = p->x + r * p->ninputs, *data = row + d->K;
        int skill = skill_at(d, gsl_rng_uniform(rng));
        row[p->skill_of[r]] = 0;
        row[skill] = 1;
        for (int b = 0; b < d->nbits; b++)
            data[b] = next_bit(&src);
        p->skill_of[r] = skill;
        p->target[r] = parity_of(d, skill, data);
    }
}

/* Samples per skill: round(N freq[i]) by largest remainders, summing to N. */
static void apportion(const netdata_spec *spec, long n, long *count)
{
    double total = 0;
    long given = 0;
    for (int i = 0; i < spec->K; i++)
        total += spec->freq[i];
    for (int i = 0; i < spec->K; i++) {
        count[i] = (long)floor((double)n * spec->freq[i] / total);
        given += count[i];
    }
    for (; given < n; given++) {
        int best = 0;
        double best_rest = -1;
        for (int i = 0; i < spec->K; i++) {
            double rest = (double)n * spec->freq[i] / total - (double)count[i];
            if (rest > best_rest) {
                best_rest = rest;
                best = i;
            }
        }
        count[best]++;
    }
}

/* 0, -1 out of memory, or -2 with a reason. */
static int draw_regression(dataset *d, const netdata_spec *spec, gsl_rng *rng, char *err, size_t errlen)
{
    netdata *p = &d->pub;
    int K = d->K;
    long *count = malloc((size_t)K * sizeof *count), r = 0;
    if (!count)
        return -1;
    apportion(spec, p->n, count);
    for (int i = 0; i < K; i++) {
        if (count[i] == 0 && spec->freq[i] > 0) {
            snprintf(err, errlen, "skill #%d gets no sample: %g of %ld samples rounds to 0",
                     i + 1, spec->freq[i], p->n);
            free(count);
            return -2;
        }
        for (long j = 0; j < count[i]; j++)
            p->skill_of[r++] = i;
    }
    free(count);
    gsl_ran_shuffle(rng, p->skill_of, (size_t)p->n, sizeof *p->skill_of);
    size_t nx = (size_t)p->n * K;
    for (size_t j = 0; j < nx; j++)
        p->x[j] = 2 * gsl_rng_uniform(rng) - 1;
    for (size_t j = 0; j < nx; j++) {
        int own = (int)(j % (size_t)K) == p->skill_of[j / (size_t)K];
        p->x[j] = own ? p->x[j] : 0;
        p->target[j] = p->x[j] * p->x[j];
        p->mask[j] = own;
    }
    return 0;
}

static void draw_modular(dataset *d, int modulus)
{
    netdata *p = &d->pub;
    for (long k = 0; k < p->n; k++) {
        long a = k % modulus, b = k / modulus;
        p->x[2 * k] = (double)a;
        p->x[2 * k + 1] = (double)b;
        p->target[k] = (double)((a + b) % modulus);
        p->skill_of[k] = 0;
    }
}

/* ------------------------------------------------------------ the data set */

static dataset *allocate(const netdata_spec *spec)
{
    dataset *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    netdata *p = &d->pub;
    p->n = (long)rows_of(spec);
    p->ninputs = (int)inputs_of(spec);
    p->noutputs = spec->task == NETDATA_MODULAR ? spec->modulus : (int)targets_of(spec);
    d->K = spec->K;
    d->nbits = spec->nbits;
    size_t n = (size_t)p->n, ntargets = n * (size_t)targets_of(spec);
    /* Zeros, so that a multitask batch need clear only the last batch's
     * control bits (at SKILL_OF, 0 at first). */
    p->x = calloc(n * p->ninputs, sizeof *p->x);
    p->target = malloc(ntargets * sizeof *p->target);
    p->skill_of = calloc(n, sizeof *p->skill_of);
    int ok = p->x && p->target && p->skill_of;
    if (has_mask(spec->task))
        ok = ok && (p->mask = malloc(ntargets * sizeof *p->mask)) != NULL;
    if (is_parity(spec->task)) {
        d->bitstart = malloc((size_t)spec->K * sizeof *d->bitstart);
        d->bitlen = malloc((size_t)spec->K * sizeof *d->bitlen);
        d->cdf = malloc((size_t)spec->K * sizeof *d->cdf);
        ok = ok && d->bitstart && d->bitlen && d->cdf;
    }
    if (!ok) {
        netdata_free(p);
        return NULL;
    }
    return d;
}

/* 0, -1 out of memory, or -2 with a reason. */
static int draw(dataset *d, const netdata_spec *spec, gsl_rng *rng, char *err, size_t errlen)
{
    netdata *p = &d->pub;
    int rc = 0;
    switch (spec->task) {
    case NETDATA_PARITY:
        draw_parity(d, rng);
        break;
    case NETDATA_MULTITASK:
        draw_multitask(d, spec, rng);
        break;
    case NETDATA_REGRESSION:
        rc = draw_regression(d, spec, rng, err, errlen);
        break;
    case NETDATA_MODULAR:
        draw_modular(d, spec->modulus);
        break;
    }
    if (rc != 0)
        return rc;
    long ntrain = train_count(spec, p->n);
    if (ntrain < 1) {
        snprintf(err, errlen, "a training fraction of %g of %ld samples leaves no training sample",
                 spec->train_fraction, p->n);
        return -2;
    }
    if (draw_split(d, ntrain, rng) != 0)
        return -1;
    if (spec->task == NETDATA_PARITY) {
        for (size_t j = 0; j < (size_t)p->n * p->noutputs; j++)
            p->mask[j] = 1;
        draw_masks(d, spec, rng);
    }
    return 0;
}

netdata *netdata_new(const netdata_spec *spec, gsl_rng *rng, char *err, size_t errlen)
{
    if (check_spec(spec, err, errlen) != 0)
        return NULL;
    dataset *d = allocate(spec);
    if (!d) {
        snprintf(err, errlen, "out of memory for the data set (%.1f MB)", netdata_bytes(spec) / 1e6);
        return NULL;
    }
    int rc = is_parity(spec->task) ? flatten_skills(d, spec, err, errlen) : 0;
    if (rc == 0)
        rc = draw(d, spec, rng, err, errlen);
    if (rc != 0) {
        if (rc == -1)
            snprintf(err, errlen, "out of memory for the data set (%.1f MB)", netdata_bytes(spec) / 1e6);
        netdata_free(&d->pub);
        return NULL;
    }
    return &d->pub;
}

void netdata_free(netdata *p)
{
    if (!p)
        return;
    dataset *d = (dataset *)p;
    free(p->x);
    free(p->target);
    free(p->mask);
    free(p->train);
    free(p->skill_of);
    free(d->bitlist);
    free(d->bitstart);
    free(d->bitlen);
    free(d->trainrows);
    free(d->cdf);
    free(d);
}

void netdata_step(netdata *p, const netdata_spec *spec, gsl_rng *rng, long t)
{
    (void)t;
    dataset *d = (dataset *)p;
    if (spec->task == NETDATA_PARITY)
        draw_masks(d, spec, rng);
    else if (spec->task == NETDATA_MULTITASK)
        draw_multitask(d, spec, rng);
}
