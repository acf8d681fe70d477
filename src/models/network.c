/* network.c - a network's layout, memory and parameters (network.h); the
 * passes are in netpass.c, the losses in netloss.c. */
#include "network.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "netimpl.h"

static int refuse(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && errlen)
        vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int check_groups(const net_spec *s, char *err, size_t errlen)
{
    if (s->ngroups < 0 || s->ngroups > NET_MAX_GROUPS)
        return refuse(err, errlen, "%d groups: a modular network has 1 to %d", s->ngroups,
                      NET_MAX_GROUPS);
    for (int l = 0; l <= s->nlayers && s->ngroups > 0; l++) {
        long sum = 0;
        for (int g = 0; g < s->ngroups; g++) {
            if (s->group_width[l][g] < 0)
                return refuse(err, errlen, "layer %d: group %d has %d units", l, g + 1,
                              s->group_width[l][g]);
            sum += s->group_width[l][g];
        }
        if (sum != s->width[l])
            return refuse(err, errlen, "layer %d: the groups have %ld units, the layer %d", l, sum,
                          s->width[l]);
    }
    return 0;
}

static int check_spec(const net_spec *s, char *err, size_t errlen)
{
    if (s->nlayers < 1 || s->nlayers > NET_MAX_LAYERS)
        return refuse(err, errlen, "%d layers: a network has 1 to %d", s->nlayers, NET_MAX_LAYERS);
    for (int l = 0; l <= s->nlayers; l++)
        if (s->width[l] < 1)
            return refuse(err, errlen, "layer %d has width %d: widths are at least 1", l,
                          s->width[l]);
    if ((unsigned)s->activation > NET_GELU)
        return refuse(err, errlen, "unknown activation %d", (int)s->activation);
    if (s->vocab < 0)
        return refuse(err, errlen, "vocabulary of %d tokens", s->vocab);
    if (s->vocab > 0 && (s->dim < 1 || s->ntokens < 1 || (long)s->dim * s->ntokens != s->width[0]))
        return refuse(err, errlen,
                      "an embedding of %d tokens x %d dimensions cannot feed %d inputs",
                      s->ntokens, s->dim, s->width[0]);
    return check_groups(s, err, errlen);
}

/* Parameters and the widest layer of a valid SPEC. */
static size_t count_params(const net_spec *s, int *widest)
{
    size_t p = (size_t)s->vocab * (size_t)(s->vocab > 0 ? s->dim : 0);
    *widest = s->width[0];
    for (int l = 0; l < s->nlayers; l++) {
        p += (size_t)s->width[l + 1] * (size_t)s->width[l] + (size_t)s->width[l + 1];
        if (s->width[l + 1] > *widest)
            *widest = s->width[l + 1];
    }
    return p;
}

/* The parameters of the largest layer (W and b). */
static size_t largest_layer(const net_spec *s)
{
    size_t top = 0;
    for (int l = 0; l < s->nlayers; l++) {
        size_t p = (size_t)s->width[l + 1] * ((size_t)s->width[l] + 1);
        top = p > top ? p : top;
    }
    return top;
}

static double batch_bytes(const net_spec *s, long n)
{
    double real = s->single_precision ? sizeof(float) : sizeof(double);
    double units = 0;
    int widest;
    count_params(s, &widest);
    for (int l = 1; l <= s->nlayers; l++)
        units += s->width[l] * (l < s->nlayers ? 2.0 : 1.0);   /* activations and slopes */
    units += s->width[0] + 2.0 * widest + 1;                   /* input, deltas, ones */
    double out = (double)s->width[s->nlayers] * sizeof(double) * (s->single_precision ? 2 : 1);
    return (double)n * (units * real + out + (double)s->ntokens * (s->vocab > 0) * sizeof(int));
}

double net_bytes(const net_spec *spec, long n)
{
    int widest;
    double p = (double)count_params(spec, &widest);
    double params = p * (2.0 * sizeof(double) + (spec->single_precision ? 2.0 * sizeof(float) : 0));
    double partial = (double)largest_layer(spec) * (spec->single_precision ? sizeof(float) : sizeof(double));
    return sizeof(net) + params + partial + batch_bytes(spec, n);
}

static void layout_groups(net_layer *L, const net_spec *s, int l)
{
    int in = 0, out = 0;
    if (s->ngroups == 0) {
        L->in_of[0] = L->in;
        L->out_of[0] = L->out;
        return;
    }
    for (int g = 0; g < s->ngroups; g++) {
        L->in_at[g] = in;
        L->in_of[g] = s->group_width[l][g];
        L->out_at[g] = out;
        L->out_of[g] = s->group_width[l + 1][g];
        in += L->in_of[g];
        out += L->out_of[g];
    }
}

static void layout(net *n)
{
    const net_spec *s = &n->spec;
    size_t at = n->embedding_size = (size_t)s->vocab * (size_t)(s->vocab > 0 ? s->dim : 0);
    for (int l = 0; l < s->nlayers; l++) {
        net_layer *L = &n->layer[l];
        L->in = s->width[l];
        L->out = s->width[l + 1];
        L->w = at;
        L->b = at + (size_t)L->in * (size_t)L->out;
        at = L->b + (size_t)L->out;
        layout_groups(L, s, l);
    }
}

net *net_new(const net_spec *spec, char *err, size_t errlen)
{
    if (check_spec(spec, err, errlen) != 0)
        return NULL;
    net *n = calloc(1, sizeof *n);
    if (!n) {
        refuse(err, errlen, "out of memory");
        return NULL;
    }
    n->spec = *spec;
    n->nlayers = spec->nlayers;
    n->ngroups = spec->ngroups;
    n->nblocks = spec->ngroups > 0 ? spec->ngroups : 1;
    n->outputs = spec->width[spec->nlayers];
    n->nparams = count_params(spec, &n->widest);
    layout(n);
    size_t p = n->nparams + 1;
    n->theta = calloc(p, sizeof *n->theta);
    n->grad = calloc(p, sizeof *n->grad);
    if (spec->single_precision) {
        n->theta32 = calloc(p, sizeof *n->theta32);
        n->grad32 = calloc(p, sizeof *n->grad32);
    }
    n->partial = malloc(largest_layer(spec) * (spec->single_precision ? sizeof(float) : sizeof(double)));
    if (!n->theta || !n->grad || !n->partial || (spec->single_precision && (!n->theta32 || !n->grad32))) {
        net_free(n);
        refuse(err, errlen, "out of memory for %zu parameters", p - 1);
        return NULL;
    }
    return n;
}

static void free_batch(net *n)
{
    for (int l = 0; l <= NET_MAX_LAYERS; l++) {
        free(n->act[l]);
        n->act[l] = NULL;
    }
    for (int l = 0; l < NET_MAX_LAYERS; l++) {
        free(n->slope[l]);
        n->slope[l] = NULL;
    }
    free(n->delta);
    free(n->delta_in);
    free(n->ones);
    free(n->tokens);
    free(n->dout);
    if (n->spec.single_precision)
        free(n->out);
    n->delta = n->delta_in = n->ones = NULL;
    n->tokens = NULL;
    n->dout = n->out = NULL;
    n->cap = 0;
}

void net_free(net *n)
{
    if (!n)
        return;
    free_batch(n);
    twin_stop(n->tw);
    free(n->theta);
    free(n->grad);
    free(n->theta32);
    free(n->grad32);
    free(n->partial);
    free(n);
}

static void *alloc_reals(const net *n, long rows, int cols)
{
    size_t real = n->spec.single_precision ? sizeof(float) : sizeof(double);
    return malloc((size_t)rows * (size_t)cols * real + real);
}

/* Room for NSAMPLES samples; -1 (and no buffers) if there is none. */
static int net_reserve(net *n, long nsamples)
{
    if (nsamples <= n->cap)
        return 0;
    free_batch(n);
    const net_spec *s = &n->spec;
    int ok = 1;
    int own_input = s->single_precision || s->vocab > 0;
    if (own_input)
        ok = (n->act[0] = alloc_reals(n, nsamples, s->width[0])) != NULL;
    for (int l = 1; l <= n->nlayers && ok; l++) {
        ok = (n->act[l] = alloc_reals(n, nsamples, s->width[l])) != NULL;
        if (ok && l < n->nlayers)
            ok = (n->slope[l] = alloc_reals(n, nsamples, s->width[l])) != NULL;
    }
    ok = ok && (n->delta = alloc_reals(n, nsamples, n->widest)) &&
         (n->delta_in = alloc_reals(n, nsamples, n->widest)) && (n->ones = alloc_reals(n, nsamples, 1)) &&
         (n->dout = malloc(((size_t)nsamples * (size_t)n->outputs + 1) * sizeof(double)));
    if (ok && s->vocab > 0)
        ok = (n->tokens = malloc(((size_t)nsamples * (size_t)s->ntokens + 1) * sizeof(int))) != NULL;
    if (ok && s->single_precision)
        ok = (n->out = malloc(((size_t)nsamples * (size_t)n->outputs + 1) * sizeof(double))) != NULL;
    if (!ok) {
        free_batch(n);
        snprintf(n->err, sizeof n->err, "out of memory for a batch of %ld samples", nsamples);
        return -1;
    }
    for (long i = 0; i < nsamples; i++)
        if (s->single_precision)
            ((float *)n->ones)[i] = 1;
        else
            ((double *)n->ones)[i] = 1;
    if (!s->single_precision)
        n->out = n->act[n->nlayers];
    n->cap = nsamples;
    return 0;
}

/* Zeroes the weights outside a modular layer's blocks. */
static void mask_weights(net *n, double *theta)
{
    if (n->ngroups == 0)
        return;
    for (int l = 0; l < n->nlayers; l++) {
        const net_layer *L = &n->layer[l];
        for (int g = 0; g < n->ngroups; g++)
            for (int o = L->out_at[g]; o < L->out_at[g] + L->out_of[g]; o++) {
                double *row = theta + L->w + (size_t)o * (size_t)L->in;
                memset(row, 0, (size_t)L->in_at[g] * sizeof *row);
                int end = L->in_at[g] + L->in_of[g];
                memset(row + end, 0, (size_t)(L->in - end) * sizeof *row);
            }
    }
}

void net_init(net *n, gsl_rng *rng)
{
    for (size_t i = 0; i < n->embedding_size; i++)
        n->theta[i] = gsl_ran_gaussian(rng, 1.0);
    for (int l = 0; l < n->nlayers; l++) {
        const net_layer *L = &n->layer[l];
        double bound = 1 / sqrt((double)L->in);   /* the whole layer's fan-in, modular or not */
        for (size_t i = L->w; i < L->b + (size_t)L->out; i++)
            n->theta[i] = bound * (2 * gsl_rng_uniform(rng) - 1);
    }
    net_params_changed(n);
}

size_t net_nparams(const net *n)
{
    return n->nparams;
}

double *net_params(net *n)
{
    return n->theta;
}

const double *net_grad(const net *n)
{
    return n->grad;
}

void net_set_threads(net *n, int threads)
{
    if (threads >= 2 && !n->tw)
        n->tw = twin_start();
    else if (threads < 2 && n->tw) {
        twin_stop(n->tw);
        n->tw = NULL;
    }
}

void net_set_reweight(net *n, int on)
{
    n->reweight = on;
}

void net_step(net *n)
{
    if (n->tw)
        twin_step(n->tw);
}

void net_both_halves(net *n, void (*fn)(void *), int layer)
{
    net_job lower = {n, 0, layer}, upper = {n, 1, layer};
    if (n->tw) {
        twin_run(n->tw, fn, &upper);
        fn(&lower);
        twin_wait(n->tw);
    } else {
        fn(&lower);
        fn(&upper);
    }
}

const char *net_error(const net *n)
{
    return n->err;
}

void net_params_changed(net *n)
{
    mask_weights(n, n->theta);
    if (n->spec.single_precision)
        for (size_t i = 0; i < n->nparams; i++)
            n->theta32[i] = (float)n->theta[i];
}

static int read_tokens(net *n, const double *x, long nsamples)
{
    const net_spec *s = &n->spec;
    size_t count = (size_t)nsamples * (size_t)s->ntokens;
    for (size_t i = 0; i < count; i++) {
        if (!(x[i] >= 0 && x[i] < s->vocab) || x[i] != floor(x[i])) {
            snprintf(n->err, sizeof n->err, "sample %zu: token %g is not one of 0 to %d",
                     i / (size_t)s->ntokens, x[i], s->vocab - 1);
            return -1;
        }
        n->tokens[i] = (int)x[i];
    }
    return 0;
}

const double *net_forward(net *n, const double *x, long nsamples)
{
    n->err[0] = 0;
    n->n = 0;
    if (nsamples < 1 || nsamples > INT_MAX) {     /* BLAS counts in int */
        snprintf(n->err, sizeof n->err, "a batch of %ld samples", nsamples);
        return NULL;
    }
    if (net_reserve(n, nsamples) != 0 || (n->spec.vocab > 0 && read_tokens(n, x, nsamples) != 0))
        return NULL;
    n->input = x;
    n->n = nsamples;
    if (n->spec.single_precision)
        net_forward_f(n);
    else
        net_forward_d(n);
    return n->out;
}

double net_backward(net *n, net_loss loss, const double *target, const double *mask)
{
    if (n->n < 1)
        return NAN;
    double value = net_loss_grad(n, loss, target, mask);
    if (n->spec.single_precision) {
        net_backward_f(n);
        for (size_t i = 0; i < n->nparams; i++)
            n->grad[i] = n->grad32[i];
    } else {
        net_backward_d(n);
    }
    return value;
}
