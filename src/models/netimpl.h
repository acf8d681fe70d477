/* netimpl.h - the insides of a network (network.h), shared by the files
 * that implement it: network.c (layout, memory, parameters), netpass.c
 * (forward and backward passes) and netloss.c (losses and statistics). */
#ifndef SKILL_NETIMPL_H
#define SKILL_NETIMPL_H

#include <stddef.h>

#include "network.h"
#include "twin.h"

typedef struct net_layer {
    int in, out;
    size_t w, b;                /* offsets of W (out x in) and b in the flat parameters */
    /* Block g joins inputs [in_at[g], in_at[g] + in_of[g]) to outputs
     * [out_at[g], out_at[g] + out_of[g]): a modular layer's groups, or one
     * block, the whole layer. */
    int in_at[NET_MAX_GROUPS], in_of[NET_MAX_GROUPS];
    int out_at[NET_MAX_GROUPS], out_of[NET_MAX_GROUPS];
} net_layer;

struct net {
    net_spec spec;
    int nlayers, ngroups, nblocks, outputs, widest;
    net_layer layer[NET_MAX_LAYERS];
    size_t nparams, embedding;  /* the embedding's offset (0) and its size in embedding_size */
    size_t embedding_size;
    double *theta, *grad;
    float *theta32, *grad32;    /* single precision: the copies the passes use */

    /* Batch buffers for up to CAP samples, in the passes' precision (double
     * or float): act[0] the input, act[l] layer l's activations (act[L] the
     * last layer's outputs), slope[l] the activation's derivative at layer
     * l's pre-activations; two gradient buffers of CAP x widest; a column of
     * ones for bias gradients. */
    long cap, n;
    void *act[NET_MAX_LAYERS + 1], *slope[NET_MAX_LAYERS];
    void *delta, *delta_in, *ones;
    void *partial;              /* the upper half's share of a layer's W and b gradients */
    const double *input;        /* the latest X (double passes read it in place) */
    int *tokens;                /* the latest token ids, N x ntokens */
    double *out;                /* N x outputs in double (float passes convert) */
    double *dout;               /* the loss's gradient by the outputs, N x outputs */
    twin *tw;                   /* a second thread for half of each pass, or NULL */
    int reweight;               /* net_set_reweight */
    char err[160];
};

/* Every pass is split in two halves (of the samples, or of the
 * vocabulary), the same way whether or not a twin runs one of them, so
 * the numbers do not depend on the threads. */
typedef struct net_job {
    net *n;
    int half, layer;
} net_job;

/* Half HALF (0 or 1) of [0, COUNT). */
static inline void net_half_range(long count, int half, long *lo, long *hi)
{
    *lo = half ? count / 2 : 0;
    *hi = half ? count : count / 2;
}

/* FN on both halves of layer LAYER's work: the upper on the twin if any. */
void net_both_halves(net *n, void (*fn)(void *), int layer);

/* The passes, in each precision, on the latest n->n samples. */
void net_forward_d(net *n);
void net_forward_f(net *n);
void net_backward_d(net *n);
void net_backward_f(net *n);

/* The loss of the latest outputs against TARGET (network.h) and its
 * gradient by the outputs into n->dout. */
double net_loss_grad(net *n, net_loss loss, const double *target, const double *mask);

#endif
