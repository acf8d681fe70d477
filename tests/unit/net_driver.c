/* net_driver CASE [single]: one forward and backward pass of the network
 * engine on one of the paper's networks, printed as JSON (the layout, the
 * parameters, inputs, targets and mask, then the outputs, the loss and the
 * gradient) for tests/scripts/network-torch.sh to repeat in PyTorch.
 * CASE: fig2 ([32, 50, 2] relu, mse, 10000 bit strings, the second
 * output's mask a 10% subset), fig13 (embedding 59 x 128, [256, 100, 100,
 * 59] silu, ce, all 3481 pairs of Z_59), fig19 (modular [2, 100, 100, 2]
 * silu, two groups, mse masked as the paper's Fig. 19), gelu ([10, 16,
 * 16, 3] gelu, bce with a mask), tanh (the same net, tanh, mse).
 * "single": float32 passes; "reweight": the loss reweighted by the loss
 * (net_set_reweight). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "network.h"

static const char *act_names[] = {"relu", "silu", "tanh", "gelu"};
static const char *loss_names[] = {"mse", "bce", "ce"};

typedef struct problem {
    net_spec spec;
    net_loss loss;
    long n;
    int in, tcols;
    double *x, *target, *mask;
} problem;

static void alloc_problem(problem *p, long n, int in, int tcols, int masked)
{
    p->n = n;
    p->in = in;
    p->tcols = tcols;
    p->x = calloc((size_t)n * in, sizeof(double));
    p->target = calloc((size_t)n * tcols, sizeof(double));
    p->mask = masked ? calloc((size_t)n * tcols, sizeof(double)) : NULL;
}

/* Fig. 2: y1 = x0 xor x1, y2 = x2 xor x3; the second output counts for 10%. */
static void fig2(problem *p, gsl_rng *r)
{
    p->spec.nlayers = 2;
    p->spec.width[0] = 32, p->spec.width[1] = 50, p->spec.width[2] = 2;
    p->spec.activation = NET_RELU;
    p->loss = NET_LOSS_MSE;
    alloc_problem(p, 10000, 32, 2, 1);
    for (long i = 0; i < p->n; i++) {
        double *x = p->x + i * 32;
        for (int j = 0; j < 32; j++)
            x[j] = (double)gsl_rng_uniform_int(r, 2);
        p->target[2 * i] = (double)((int)x[0] ^ (int)x[1]);
        p->target[2 * i + 1] = (double)((int)x[2] ^ (int)x[3]);
        p->mask[2 * i] = 1;
        p->mask[2 * i + 1] = gsl_rng_uniform(r) < 0.1;
    }
}

/* Fig. 13: every pair (a, b) of Z_59, label (a + b) mod 59. */
static void fig13(problem *p)
{
    p->spec.nlayers = 3;
    p->spec.width[0] = 256, p->spec.width[1] = 100, p->spec.width[2] = 100, p->spec.width[3] = 59;
    p->spec.activation = NET_SILU;
    p->spec.vocab = 59, p->spec.dim = 128, p->spec.ntokens = 2;
    p->loss = NET_LOSS_CE;
    alloc_problem(p, 59 * 59, 2, 1, 0);
    for (long k = 0; k < p->n; k++) {
        p->x[2 * k] = (double)(k % 59);
        p->x[2 * k + 1] = (double)(k / 59);
        p->target[k] = (double)((k % 59 + k / 59) % 59);
    }
}

/* Fig. 19: x uniform in [-1, 1]^2; 990 rows keep x0 (task 1), 10 keep x1
 * (task 2); targets x^2, each row's loss on its task's output only. */
static void fig19(problem *p, gsl_rng *r)
{
    p->spec.nlayers = 3;
    p->spec.width[0] = 2, p->spec.width[1] = 100, p->spec.width[2] = 100, p->spec.width[3] = 2;
    p->spec.activation = NET_SILU;
    p->spec.ngroups = 2;
    for (int g = 0; g < 2; g++) {
        p->spec.group_width[0][g] = p->spec.group_width[3][g] = 1;
        p->spec.group_width[1][g] = p->spec.group_width[2][g] = 50;
    }
    p->loss = NET_LOSS_MSE;
    alloc_problem(p, 1000, 2, 2, 1);
    for (long i = 0; i < p->n; i++) {
        int task = i % 100 == 7;            /* 10 rows of task 2 */
        double *x = p->x + 2 * i;
        x[0] = task ? 0 : 2 * gsl_rng_uniform(r) - 1;
        x[1] = task ? 2 * gsl_rng_uniform(r) - 1 : 0;
        p->target[2 * i] = x[0] * x[0];
        p->target[2 * i + 1] = x[1] * x[1];
        p->mask[2 * i + task] = 1;
    }
}

/* A small net of activation F and loss L on Gaussian inputs, random
 * targets (0/1 for bce) and a random mask: the activations and losses
 * the paper's networks do not use. */
static void small(problem *p, gsl_rng *r, net_activation f, net_loss l)
{
    p->spec.nlayers = 3;
    p->spec.width[0] = 10, p->spec.width[1] = 16, p->spec.width[2] = 16, p->spec.width[3] = 3;
    p->spec.activation = f;
    p->loss = l;
    alloc_problem(p, 200, 10, 3, 1);
    for (long i = 0; i < p->n * 10; i++)
        p->x[i] = 2 * gsl_rng_uniform(r) - 1;
    for (long i = 0; i < p->n * 3; i++) {
        p->target[i] = l == NET_LOSS_BCE ? (double)gsl_rng_uniform_int(r, 2) : gsl_rng_uniform(r);
        p->mask[i] = gsl_rng_uniform(r);
    }
}

static void put_array(const char *name, const double *v, size_t count, int last)
{
    printf("\"%s\": [", name);
    for (size_t i = 0; i < count; i++)
        printf(i ? ",%.17g" : "%.17g", v[i]);
    printf("]%s\n", last ? "" : ",");
}

static void put_layout(const problem *p, int reweight)
{
    const net_spec *s = &p->spec;
    printf("{\"widths\": [");
    for (int l = 0; l <= s->nlayers; l++)
        printf(l ? ",%d" : "%d", s->width[l]);
    printf("], \"activation\": \"%s\", \"loss\": \"%s\", \"vocab\": %d, \"dim\": %d, \"ntokens\": %d,\n",
           act_names[s->activation], loss_names[p->loss], s->vocab, s->dim, s->ntokens);
    printf("\"groups\": [");
    for (int l = 0; l <= s->nlayers && s->ngroups; l++) {
        printf(l ? ",[" : "[");
        for (int g = 0; g < s->ngroups; g++)
            printf(g ? ",%d" : "%d", s->group_width[l][g]);
        printf("]");
    }
    printf("], \"single\": %d, \"reweight\": %d, \"n\": %ld,\n", s->single_precision, reweight, p->n);
}

int main(int argc, char **argv)
{
    problem p;
    memset(&p, 0, sizeof p);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2);
    const char *which = argc >= 2 ? argv[1] : "";
    if (!strcmp(which, "fig2"))
        fig2(&p, r);
    else if (!strcmp(which, "fig13"))
        fig13(&p);
    else if (!strcmp(which, "fig19"))
        fig19(&p, r);
    else if (!strcmp(which, "gelu"))
        small(&p, r, NET_GELU, NET_LOSS_BCE);
    else if (!strcmp(which, "tanh"))
        small(&p, r, NET_TANH, NET_LOSS_MSE);
    else {
        fprintf(stderr, "usage: net_driver fig2|fig13|fig19|gelu|tanh [single] [reweight]\n");
        return 2;
    }
    int reweight = 0;
    for (int a = 2; a < argc; a++) {
        p.spec.single_precision |= !strcmp(argv[a], "single");
        reweight |= !strcmp(argv[a], "reweight");
    }
    char err[200];
    net *n = net_new(&p.spec, err, sizeof err);
    if (!n) {
        fprintf(stderr, "net_driver: %s\n", err);
        return 1;
    }
    net_init(n, r);
    net_set_reweight(n, reweight);
    put_layout(&p, reweight);
    put_array("params", net_params(n), net_nparams(n), 0);
    put_array("x", p.x, (size_t)p.n * p.in, 0);
    put_array("target", p.target, (size_t)p.n * p.tcols, 0);
    if (p.mask)
        put_array("mask", p.mask, (size_t)p.n * p.tcols, 0);
    const double *y = net_forward(n, p.x, p.n);
    put_array("out", y, (size_t)p.n * p.spec.width[p.spec.nlayers], 0);
    printf("\"loss_value\": %.17g,\n", net_backward(n, p.loss, p.target, p.mask));
    put_array("grad", net_grad(n), net_nparams(n), 1);
    printf("}\n");
    net_free(n);
    gsl_rng_free(r);
    free(p.x);
    free(p.target);
    free(p.mask);
    return 0;
}
