/* network.h - a multilayer perceptron trained by backpropagation, for the
 * `network` model kind (the paper's experiments: Fig. 2, 11, 13, 16, 19).
 *
 * Layers are dense (optionally block-masked: a modular network, one
 * sub-network per group, as Fig. 19), with an activation between them; an
 * optional learned embedding turns integer tokens into the first layer's
 * input (Fig. 13).  Weights start as PyTorch's nn.Linear does (W and b
 * uniform in +-1/sqrt(fan_in)) and embeddings as nn.Embedding (N(0, 1)).
 * The forward and backward passes are BLAS gemm calls, in float64 or
 * float32; the parameters the optimizer sees are one flat float64 vector
 * (its gradient too), so every optimizer of optim.h applies unchanged. */
#ifndef SKILL_NETWORK_H
#define SKILL_NETWORK_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

typedef enum { NET_RELU, NET_SILU, NET_TANH, NET_GELU } net_activation;

typedef enum {
    NET_LOSS_MSE,               /* mean over samples x outputs of mask * (y - t)^2 */
    NET_LOSS_BCE,               /* binary cross-entropy on logits, per output */
    NET_LOSS_CE                 /* softmax cross-entropy over all outputs, integer class targets */
} net_loss;

enum { NET_MAX_LAYERS = 16, NET_MAX_GROUPS = 64 };

typedef struct net_spec {
    int nlayers;                /* dense layers */
    int width[NET_MAX_LAYERS + 1];  /* width[0] inputs (after the embedding), width[nlayers] outputs */
    net_activation activation;  /* between dense layers, not after the last */
    int single_precision;       /* float32 arithmetic (weights kept in float64 for the optimizer) */
    /* An embedding: the input is NTOKENS integers in [0, VOCAB), each
     * replaced by its DIM-vector; width[0] = ntokens * dim.  VOCAB 0: none. */
    int vocab, dim, ntokens;
    /* A modular network: NGROUPS > 0 splits every layer's units into
     * groups (group_width[l][g] units of layer l in group g, summing to
     * width[l]); a weight joins two units only within a group. */
    int ngroups;
    int group_width[NET_MAX_LAYERS + 1][NET_MAX_GROUPS];
} net_spec;

typedef struct net net;

/* NULL with a reason in ERR if SPEC is not a network. */
net *net_new(const net_spec *spec, char *err, size_t errlen);
void net_free(net *n);
/* Bytes a network of SPEC needs for a batch of N samples (for refusing
 * impossible sizes up front). */
double net_bytes(const net_spec *spec, long n);

/* Up to THREADS cores for the passes (1, or 2: a second thread takes half
 * of each pass's gemm and element-wise work).  The numbers do not depend
 * on it: the work is split in the same halves either way. */
void net_set_threads(net *n, int threads);
/* With ON, net_backward weighs each term of the loss by the term's own
 * loss over the mean loss (the paper's section 4.3, w_i = l_i; the
 * weights are constants: no gradient flows through them).  The loss it
 * returns is still the plain mean. */
void net_set_reweight(net *n, int on);
/* Marks the start of a training step (its passes until the next call):
 * with two threads, whether the second one pays is then judged once a
 * step, on whole steps' times, not pass by pass. */
void net_step(net *n);

/* Draws the initial parameters from RNG, as PyTorch's defaults do. */
void net_init(net *n, gsl_rng *rng);
/* The parameters and their gradient, flat: every layer's W (row-major,
 * out x in) then b, layer by layer, the embedding first. */
size_t net_nparams(const net *n);
double *net_params(net *n);
const double *net_grad(const net *n);
/* The parameters changed outside (an optimizer step): float32 copies
 * and masks are brought up to date. */
void net_params_changed(net *n);

/* Forward pass on N samples: X is N x width[0] (or N x ntokens token ids
 * as doubles with an embedding); the outputs, N x width[nlayers], are
 * returned (owned by the network, valid until the next pass).  X must stay
 * unchanged until net_backward (a float64 pass reads it in place).  NULL,
 * with the reason in net_error, if N samples do not fit in memory (the
 * buffers grow to the largest batch seen) or a token is not in [0, VOCAB). */
const double *net_forward(net *n, const double *x, long nsamples);
/* Why the latest net_forward returned NULL. */
const char *net_error(const net *n);

/* Loss and gradient of the latest forward pass: TARGET is N x outputs
 * (MSE, BCE) or N class indices (CE); MASK (N x outputs, for CE N: one
 * weight a sample; NULL for all ones) weighs each term; the loss is the
 * mean over N x outputs (MSE, BCE) or over N (CE) as PyTorch's reductions
 * compute it.  Fills the gradient (net_grad) by backpropagation and
 * returns the loss; NaN (and a zero gradient) if a class index is not one
 * of the outputs. */
double net_backward(net *n, net_loss loss, const double *target, const double *mask);

/* Per-output statistics of the latest forward pass, for recording: for
 * each output column k, the masked mean loss (sum of mask * loss over sum
 * of mask, over the selected samples) and the accuracy over every selected
 * sample, whatever its mask (MSE and BCE: (y > threshold) == (target >
 * 0.5), threshold 0.5 for MSE and 0 for BCE logits; CE: argmax == target,
 * one column).  LOSS and ACC have room for the outputs; ROWS (N flags, or
 * NULL for all) selects the samples.  NaN where nothing is selected (the
 * loss also where the mask sums to 0). */
void net_output_stats(const net *n, net_loss loss, const double *target, const double *mask,
                      const unsigned char *rows, double *loss_k, double *acc_k);

#endif
