/* netdata.h - the data a `network` model trains on, made from the declared
 * skills (skill(5), NETWORK MODELS): which inputs, which targets, which
 * samples count for which skill, redrawn when the reference redraws them.
 *
 * Four tasks, after the paper's experiments:
 *   NETDATA_PARITY       bit strings, one output per skill: a skill's target
 *                        is the parity of its bits, or of its prerequisites'
 *                        targets when it `needs` them (y3 = y1 xor y2); its
 *                        frequency is the fraction of samples whose loss
 *                        counts for it, a fresh random subset each step
 *                        (Fig. 2, 16)
 *   NETDATA_MULTITASK    control bits (one-hot, the skill drawn by its
 *                        frequency) then data bits, one shared output: the
 *                        parity of the chosen skill's k bits; a new batch
 *                        each step (Fig. 11)
 *   NETDATA_REGRESSION   x uniform in [-1, 1]^K, each sample belongs to one
 *                        skill (by frequency) and keeps only its coordinate;
 *                        target x^2 on that skill's output (Fig. 19)
 *   NETDATA_MODULAR      all pairs (a, b) of Z_p, label (a + b) mod p, as
 *                        two tokens; a train/test split (Fig. 13; one skill)
 *
 * Layouts (row r is sample r; every array row-major, every number a double):
 *   PARITY      X: N x nbits, bits 0/1.  TARGET, MASK: N x K, column i is
 *               skill i's label 0/1 and whether its loss counts.
 *   MULTITASK   X: N x (K + nbits): K control bits, one-hot (the sample's
 *               skill, also in SKILL_OF), then the nbits data bits, which
 *               the skills' bit indices count from.  TARGET: N x 1, the
 *               parity of the sample's skill.  No MASK.
 *   REGRESSION  X, TARGET, MASK: N x K; a sample of skill i has x_j = 0 for
 *               j != i, target x_j^2 in every column (so 0 off its own),
 *               mask 1 in column i only.
 *   MODULAR     X: p^2 x 2, row k is (a, b) = (k mod p, k div p) as tokens.
 *               TARGET: p^2 class indices (a + b) mod p; noutputs is p, the
 *               network's width.  No MASK.
 * Bit indices count from 0.  A `needs` skill's target is the xor of its
 * prerequisites' targets, that is the parity of the bits that appear an odd
 * number of times among theirs; prerequisites may need others in turn (no
 * cycles).
 *
 * Frequencies.  PARITY: the most frequent skill counts on every training
 * sample, skill i on exactly round(ntrain * freq[i] / max freq) of them,
 * a uniformly random subset drawn afresh, independently per skill, by
 * every netdata_step.  For two skills (1, p2) this is the reference's
 * Fig. 2 mask (rows int(N (1 - p2)).. of skill 2 count, the batch permuted
 * every step): N p2 fresh rows a step.  Test samples count for every skill.
 * MULTITASK: each sample's skill is drawn from freq, independently (the
 * reference's np.random.choice).  REGRESSION: skill i owns round(N freq[i])
 * samples (largest remainders, so the counts sum to N; 1000 at (0.99, 0.01)
 * gives 990 and 10, as Fig. 19), a uniformly random set of rows.
 * netdata_step reads SPEC->freq afresh, so frequencies may change between
 * steps (the caller keeps them finite, >= 0 and not all 0); nothing else
 * in SPEC may change.
 *
 * Splits: ntrain = floor(train_fraction * N) samples (the reference's
 * int(): 0.8 of 59^2 = 3481 pairs is 2784), a uniformly random subset,
 * flagged in TRAIN; the rest is the test set.  MULTITASK draws a new batch
 * every step and has no test set (train_fraction 1).
 *
 * Everything is drawn from the RNG given: the same seed gives the same
 * data, byte for byte.  A reason in ERR names a skill by its position in
 * SPEC, counting from 1 ("skill #2"). */
#ifndef SKILL_NETDATA_H
#define SKILL_NETDATA_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

typedef enum { NETDATA_PARITY, NETDATA_MULTITASK, NETDATA_REGRESSION, NETDATA_MODULAR } netdata_task;

typedef struct netdata_spec {
    netdata_task task;
    int K;                      /* skills (MODULAR: 1) */
    const double *freq;         /* K frequencies, summing to 1 (normalised by the caller) */
    /* Parity tasks: the input bits, and each skill's bits (k of them, at
     * BITS[i*kmax ..]) or, for a skill that needs others, its
     * prerequisites (NEEDS[i*kmax ..], skill indices, NNEEDS[i] of them;
     * then NBITSOF[i] is 0).  KMAX bounds both counts; NEEDS and NNEEDS
     * may be NULL when no skill needs another. */
    int nbits;
    int kmax;
    const int *bits, *nbitsof;
    const int *needs, *nneeds;
    long nsamples;              /* the data set (PARITY, REGRESSION) or each batch (MULTITASK) */
    double train_fraction;      /* the rest is the test set; 1: no test set */
    int modulus;                /* MODULAR: p */
} netdata_spec;

/* A data set.  X is N x ninputs (tokens as doubles for MODULAR), TARGET is
 * N x noutputs (MODULAR: N class indices), MASK is N x noutputs or NULL;
 * TRAIN flags the NTRAIN training samples (NULL: all).  SKILL_OF gives, per
 * sample, the skill whose loss it counts for (-1: every output, PARITY). */
typedef struct netdata {
    long n, ntrain;
    int ninputs, noutputs;
    double *x, *target, *mask;
    unsigned char *train;
    int *skill_of;
} netdata;

/* Bytes the data set of SPEC takes (the memory check of netdata_new
 * refuses one larger than 80% of this machine's memory). */
double netdata_bytes(const netdata_spec *spec);
/* A data set drawn from RNG; NULL with a reason in ERR. */
netdata *netdata_new(const netdata_spec *spec, gsl_rng *rng, char *err, size_t errlen);
void netdata_free(netdata *d);
/* Before training step T (1-based): redraws what the reference redraws
 * each step (PARITY: which samples count for each skill, in MASK;
 * MULTITASK: the whole batch).  D must come from netdata_new(SPEC). */
void netdata_step(netdata *d, const netdata_spec *spec, gsl_rng *rng, long t);

#endif
