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
 */
#ifndef SKILL_NETDATA_H
#define SKILL_NETDATA_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

typedef enum { NETDATA_PARITY, NETDATA_MULTITASK, NETDATA_REGRESSION, NETDATA_MODULAR } netdata_task;

typedef struct netdata_spec {
    netdata_task task;
    int K;                      /* skills */
    const double *freq;         /* K frequencies, summing to 1 (normalised by the caller) */
    /* Parity tasks: the input bits, and each skill's bits (k of them, at
     * BITS[i*kmax ..]) or, for a skill that needs others, its
     * prerequisites (NEEDS[i*kmax ..], skill indices, NNEEDS[i] of them;
     * then NBITS[i] is 0). */
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
 * TRAIN flags the training samples (NULL: all).  SKILL_OF gives, per
 * sample, the skill whose loss it counts for (-1: every output, PARITY). */
typedef struct netdata {
    long n;
    int ninputs, noutputs;
    double *x, *target, *mask;
    unsigned char *train;
    int *skill_of;
} netdata;

/* A data set drawn from RNG; NULL with a reason in ERR. */
netdata *netdata_new(const netdata_spec *spec, gsl_rng *rng, char *err, size_t errlen);
void netdata_free(netdata *d);
/* Before training step T (1-based): redraws what the reference redraws
 * each step (PARITY: which samples count for each skill, in MASK;
 * MULTITASK: the whole batch). */
void netdata_step(netdata *d, const netdata_spec *spec, gsl_rng *rng, long t);

#endif
