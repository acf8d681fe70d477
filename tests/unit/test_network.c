/* test_network.c - the network engine (src/models/network.h): gradients
 * against central finite differences for every activation and loss, with
 * an embedding and with a modular layout; one SGD and one Adam step on a
 * two-sample network computed by hand; float32 against float64; the
 * per-output statistics on a hand-made case; the initial weights'
 * distribution; refusals. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "network.h"
#include "optim.h"
#include "testkit.h"
#include "vexp.h"

/* Under AddressSanitizer, a refused allocation returns NULL as malloc does
 * (test_memory asks for more than the machine has). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

static const char *act_name[] = {"relu", "silu", "tanh", "gelu"};
static const char *loss_name[] = {"mse", "bce", "ce"};

static net_spec dense_spec(int nlayers, const int *width, net_activation f)
{
    net_spec s;
    memset(&s, 0, sizeof s);
    s.nlayers = nlayers;
    for (int l = 0; l <= nlayers; l++)
        s.width[l] = width[l];
    s.activation = f;
    return s;
}

static net *make(const net_spec *s)
{
    char err[200] = "";
    net *n = net_new(s, err, sizeof err);
    CHECK(n != NULL, "net_new: %s", err);
    if (!n)
        exit(1);
    return n;
}

/* Inputs (or tokens), targets and a mask for LOSS on N samples of S. */
typedef struct batch {
    long n;
    double *x, *target, *mask;
} batch;

static batch draw_batch(const net_spec *s, net_loss loss, long n, gsl_rng *r)
{
    int K = s->width[s->nlayers], in = s->vocab ? s->ntokens : s->width[0];
    int tcols = loss == NET_LOSS_CE ? 1 : K;
    batch b = {n, malloc(sizeof(double) * n * in), malloc(sizeof(double) * n * tcols),
               malloc(sizeof(double) * n * tcols)};
    for (long i = 0; i < n * in; i++)
        b.x[i] = s->vocab ? (double)gsl_rng_uniform_int(r, s->vocab) : gsl_ran_gaussian(r, 1);
    for (long i = 0; i < n * tcols; i++) {
        b.target[i] = loss == NET_LOSS_CE  ? (double)gsl_rng_uniform_int(r, K)
                      : loss == NET_LOSS_BCE ? gsl_rng_uniform(r)
                                             : gsl_ran_gaussian(r, 1);
        b.mask[i] = 0.25 + gsl_rng_uniform(r);
    }
    return b;
}

static void free_batch(batch *b)
{
    free(b->x);
    free(b->target);
    free(b->mask);
}

static double loss_at(net *n, net_loss loss, const batch *b)
{
    net_forward(n, b->x, b->n);
    return net_backward(n, loss, b->target, b->mask);
}

/* max |analytic - central difference| / max |analytic| over all parameters. */
static double gradient_error(const net_spec *s, net_loss loss, gsl_rng *r)
{
    net *n = make(s);
    net_init(n, r);
    batch b = draw_batch(s, loss, 7, r);
    size_t P = net_nparams(n);
    double *g = malloc(P * sizeof *g), *theta = net_params(n), h = 1e-5;
    loss_at(n, loss, &b);
    memcpy(g, net_grad(n), P * sizeof *g);
    double worst = 0, top = 0;
    for (size_t i = 0; i < P; i++) {
        double keep = theta[i];
        theta[i] = keep + h;
        net_params_changed(n);
        double up = loss_at(n, loss, &b);
        theta[i] = keep - h;
        net_params_changed(n);
        double down = loss_at(n, loss, &b);
        theta[i] = keep;
        net_params_changed(n);
        double fd = (up - down) / (2 * h);
        worst = fmax(worst, fabs(fd - g[i]));
        top = fmax(top, fabs(g[i]));
    }
    free(g);
    free_batch(&b);
    net_free(n);
    return worst / top;
}

static void test_gradients(gsl_rng *r)
{
    const int width[] = {3, 6, 5, 4};
    for (int f = NET_RELU; f <= NET_GELU; f++)
        for (int loss = NET_LOSS_MSE; loss <= NET_LOSS_CE; loss++) {
            net_spec s = dense_spec(3, width, (net_activation)f);
            double e = gradient_error(&s, (net_loss)loss, r);
            CHECK(e < 1e-6, "%s %s: gradient off by %g relative", act_name[f], loss_name[loss], e);
        }

    /* An embedding of 2 tokens x 3 dimensions from a vocabulary of 5. */
    const int ewidth[] = {6, 5, 4};
    net_spec s = dense_spec(2, ewidth, NET_SILU);
    s.vocab = 5;
    s.dim = 3;
    s.ntokens = 2;
    double e = gradient_error(&s, NET_LOSS_CE, r);
    CHECK(e < 1e-6, "embedding: gradient off by %g relative", e);

    /* A modular network of three groups, one of which has no input. */
    const int mwidth[] = {3, 7, 5, 3}, groups[4][3] = {{1, 2, 0}, {3, 2, 2}, {1, 2, 2}, {1, 1, 1}};
    s = dense_spec(3, mwidth, NET_TANH);
    s.ngroups = 3;
    for (int l = 0; l <= 3; l++)
        for (int g = 0; g < 3; g++)
            s.group_width[l][g] = groups[l][g];
    for (int loss = NET_LOSS_MSE; loss <= NET_LOSS_CE; loss++) {
        e = gradient_error(&s, (net_loss)loss, r);
        CHECK(e < 1e-6, "modular %s: gradient off by %g relative", loss_name[loss], e);
    }
}

/* Weights outside a modular layer's blocks are 0 and get no gradient. */
static void test_modular_mask(gsl_rng *r)
{
    const int width[] = {2, 4, 2};
    net_spec s = dense_spec(2, width, NET_SILU);
    s.ngroups = 2;
    s.group_width[0][0] = s.group_width[0][1] = 1;
    s.group_width[1][0] = s.group_width[1][1] = 2;
    s.group_width[2][0] = s.group_width[2][1] = 1;
    net *n = make(&s);
    net_init(n, r);
    batch b = draw_batch(&s, NET_LOSS_MSE, 5, r);
    loss_at(n, NET_LOSS_MSE, &b);
    const double *th = net_params(n), *g = net_grad(n);
    /* W1 is 4 x 2: units 0, 1 see input 0; units 2, 3 input 1. */
    const int off1[] = {1, 3, 4, 6}, off2[] = {2, 3, 4, 5};   /* W2 at 12, 2 x 4 */
    for (int i = 0; i < 4; i++) {
        CHECK(th[off1[i]] == 0 && g[off1[i]] == 0, "W1[%d] outside its block: %g, gradient %g",
              off1[i], th[off1[i]], g[off1[i]]);
        CHECK(th[12 + off2[i]] == 0 && g[12 + off2[i]] == 0, "W2[%d] outside its block", off2[i]);
    }
    CHECK(th[0] != 0 && th[2 + 4 - 1] != 0 && g[0] != 0, "W1's blocks are drawn and trained");
    /* An optimizer's step outside the blocks is undone. */
    net_params(n)[1] = 0.5;
    net_params_changed(n);
    CHECK(net_params(n)[1] == 0, "a weight outside the blocks stays 0");
    free_batch(&b);
    net_free(n);
}

/* x in {2, -1}, t in {1, 0}; W1 = 0.5, b1 = 0.25, W2 = 2, b2 = -1, relu.
 * z1 = (1.25, -0.25), h = (1.25, 0), y = (1.5, -1), errors (0.5, -1);
 * loss = (0.25 + 1) / 2 = 0.625; dL/dy = 2 err / 2 = (0.5, -1);
 * dW2 = 0.5 * 1.25 = 0.625, db2 = -0.5, dh = dy W2 = (1, -2), dz1 = (1, 0),
 * dW1 = 1 * 2 = 2, db1 = 1. */
static net *hand_net(void)
{
    const int width[] = {1, 1, 1};
    net_spec s = dense_spec(2, width, NET_RELU);
    net *n = make(&s);
    const double theta[] = {0.5, 0.25, 2, -1};
    memcpy(net_params(n), theta, sizeof theta);
    net_params_changed(n);
    return n;
}

static void hand_step(optim_kind kind, double lr, const double *want)
{
    net *n = hand_net();
    const double x[] = {2, -1}, t[] = {1, 0}, grad[] = {2, 1, 0.625, -0.5};
    net_forward(n, x, 2);
    double loss = net_backward(n, NET_LOSS_MSE, t, NULL);
    CHECK(loss == 0.625, "hand loss %.17g", loss);
    for (int i = 0; i < 4; i++)
        CHECK(net_grad(n)[i] == grad[i], "hand gradient %d: %.17g, want %g", i, net_grad(n)[i], grad[i]);
    optim_config c = optim_defaults(kind);
    optim *o = optim_new(&c, (int)net_nparams(n));
    optim_step(o, net_params(n), net_grad(n), lr, 1);
    net_params_changed(n);
    for (int i = 0; i < 4; i++)
        CHECK(fabs(net_params(n)[i] - want[i]) <= 1e-15, "%s step, parameter %d: %.17g, want %.17g",
              optim_of_kind(kind)->name, i, net_params(n)[i], want[i]);
    optim_free(o);
    net_free(n);
}

static void test_steps(void)
{
    const double sgd[] = {0.5 - 0.1 * 2, 0.25 - 0.1 * 1, 2 - 0.1 * 0.625, -1 + 0.1 * 0.5};
    hand_step(OPT_SGD, 0.1, sgd);
    /* Adam's first step: m^ = g, v^ = g^2, theta - lr g / (|g| + 1e-8). */
    const double g[] = {2, 1, 0.625, -0.5}, theta[] = {0.5, 0.25, 2, -1};
    double adam[4];
    for (int i = 0; i < 4; i++)
        adam[i] = theta[i] - 0.01 * g[i] / (fabs(g[i]) + 1e-8);
    hand_step(OPT_ADAM, 0.01, adam);
}

/* The Fig. 13 layout, smaller: float32 outputs within 1e-5 of float64. */
static void test_single_precision(gsl_rng *r)
{
    const int width[] = {32, 64, 50, 11};
    for (int f = NET_RELU; f <= NET_GELU; f++) {
        net_spec s = dense_spec(3, width, (net_activation)f);
        s.vocab = 11;
        s.dim = 16;
        s.ntokens = 2;
        net *d = make(&s);
        s.single_precision = 1;
        net *sp = make(&s);
        net_init(d, r);
        memcpy(net_params(sp), net_params(d), net_nparams(d) * sizeof(double));
        net_params_changed(sp);
        batch b = draw_batch(&s, NET_LOSS_CE, 121, r);
        const double *y64 = net_forward(d, b.x, b.n), *y32 = net_forward(sp, b.x, b.n);
        double worst = 0, top = 0;
        for (long i = 0; i < b.n * 11; i++) {
            worst = fmax(worst, fabs(y64[i] - y32[i]));
            top = fmax(top, fabs(y64[i]));
        }
        CHECK(worst <= 1e-5 * top && worst > 0, "%s: float32 outputs off by %g (largest %g)",
              act_name[f], worst, top);
        double l64 = net_backward(d, NET_LOSS_CE, b.target, NULL);
        double l32 = net_backward(sp, NET_LOSS_CE, b.target, NULL);
        CHECK(fabs(l64 - l32) <= 1e-5 * l64, "%s: float32 loss %.9g, float64 %.9g", act_name[f], l32, l64);
        double gw = 0, gt = 0;
        for (size_t i = 0; i < net_nparams(d); i++) {
            gw = fmax(gw, fabs(net_grad(d)[i] - net_grad(sp)[i]));
            gt = fmax(gt, fabs(net_grad(d)[i]));
        }
        CHECK(gw <= 1e-4 * gt, "%s: float32 gradient off by %g of %g", act_name[f], gw, gt);
        free_batch(&b);
        net_free(d);
        net_free(sp);
    }
}

/* One dense layer [1, 2], W = (1, -1), b = 0: x = (0.2, 0.7, -0.4) gives
 * outputs (0.2, -0.2), (0.7, -0.7), (-0.4, 0.4). */
static net *stats_net(const double *x)
{
    const int width[] = {1, 2};
    net_spec s = dense_spec(1, width, NET_RELU);
    net *n = make(&s);
    const double theta[] = {1, -1, 0, 0};
    memcpy(net_params(n), theta, sizeof theta);
    net_params_changed(n);
    net_forward(n, x, 3);
    return n;
}

#define NEAR(a, b) (fabs((a) - (b)) <= 1e-15 * fmax(1, fabs(b)))

static void test_stats(void)
{
    const double x[] = {0.2, 0.7, -0.4};
    net *n = stats_net(x);
    const double t[] = {0, 0, 1, 0, 1, 1}, mask[] = {1, 1, 1, 0, 1, 1};
    const unsigned char rows[] = {1, 1, 0};
    double loss[2], acc[2];
    /* column 0: errors 0.2, -0.3, -1.4; predictions > 0.5: 0, 1, 0 against 0, 1, 1.
     * column 1: errors -0.2, (masked), -0.6; predictions 0, 0, 0 against 0, 0, 1. */
    net_output_stats(n, NET_LOSS_MSE, t, mask, NULL, loss, acc);
    CHECK(NEAR(loss[0], (0.04 + 0.09 + 1.96) / 3) && NEAR(acc[0], 2.0 / 3), "mse column 0: %.17g %.17g",
          loss[0], acc[0]);
    CHECK(NEAR(loss[1], (0.04 + 0.36) / 2) && NEAR(acc[1], 2.0 / 3), "mse column 1: %.17g %.17g",
          loss[1], acc[1]);
    net_output_stats(n, NET_LOSS_MSE, t, mask, rows, loss, acc);
    CHECK(NEAR(loss[0], 0.13 / 2) && acc[0] == 1, "mse rows column 0: %.17g %.17g", loss[0], acc[0]);
    CHECK(NEAR(loss[1], 0.04) && acc[1] == 1, "mse rows column 1: %.17g %.17g", loss[1], acc[1]);
    /* BCE on logits: threshold 0, so predictions 1, 1, 0 and 0, 0, 1. */
    net_output_stats(n, NET_LOSS_BCE, t, NULL, NULL, loss, acc);
    double bce0 = (log1p(exp(0.2)) + log1p(exp(-0.7)) + log1p(exp(0.4))) / 3;
    CHECK(NEAR(loss[0], bce0) && NEAR(acc[0], 1.0 / 3), "bce column 0: %.17g %.17g", loss[0], acc[0]);
    CHECK(NEAR(acc[1], 1.0), "bce column 1 accuracy %.17g", acc[1]);
    /* CE: classes 0, 1, 1; argmax 0, 0, 1. */
    const double cls[] = {0, 1, 1};
    net_output_stats(n, NET_LOSS_CE, cls, NULL, NULL, loss, acc);
    double ce = (log(exp(0.2) + exp(-0.2)) - 0.2 + log(exp(0.7) + exp(-0.7)) + 0.7 +
                 log(exp(-0.4) + exp(0.4)) - 0.4) / 3;
    CHECK(NEAR(loss[0], ce) && NEAR(acc[0], 2.0 / 3), "ce: %.17g %.17g", loss[0], acc[0]);
    CHECK(NEAR(net_backward(n, NET_LOSS_CE, cls, NULL), ce), "ce loss of the backward pass");
    const unsigned char none[] = {0, 0, 0};
    net_output_stats(n, NET_LOSS_CE, cls, NULL, none, loss, acc);
    CHECK(isnan(loss[0]) && isnan(acc[0]), "no rows: NaN");
    const double bad[] = {0, 2, 1};
    CHECK(isnan(net_backward(n, NET_LOSS_CE, bad, NULL)), "class 2 of 2 outputs: NaN");
    net_free(n);
}

/* Sample mean and variance of COUNT values against U(-b, b): mean 0 and
 * variance b^2 / 3, within 5 standard errors; none beyond b. */
static void check_uniform(const char *what, const double *v, size_t count, double b)
{
    double sum = 0, sq = 0, top = 0;
    for (size_t i = 0; i < count; i++) {
        sum += v[i];
        sq += v[i] * v[i];
        top = fmax(top, fabs(v[i]));
    }
    double mean = sum / count, var = sq / count, b2 = b * b;
    CHECK(fabs(mean) < 5 * sqrt(b2 / 3 / count), "%s: mean %g", what, mean);
    CHECK(fabs(var - b2 / 3) < 5 * sqrt(4 * b2 * b2 / 45 / count), "%s: variance %g, want %g", what, var,
          b2 / 3);
    CHECK(top <= b && top > 0.99 * b, "%s: largest %g, bound %g", what, top, b);
}

static void test_init(gsl_rng *r)
{
    const int width[] = {16, 200, 50, 3};
    net_spec s = dense_spec(3, width, NET_RELU);
    s.vocab = 100;
    s.dim = 8;
    s.ntokens = 2;
    net *n = make(&s);
    net_init(n, r);
    const double *th = net_params(n);
    size_t E = 800, W1 = 200 * 16, W2 = 50 * 200, W3 = 3 * 50;
    double sum = 0, sq = 0;
    for (size_t i = 0; i < E; i++) {
        sum += th[i];
        sq += th[i] * th[i];
    }
    CHECK(fabs(sum / E) < 5 / sqrt(E) && fabs(sq / E - 1) < 5 * sqrt(2.0 / E),
          "embedding: mean %g, variance %g, want N(0, 1)", sum / E, sq / E);
    check_uniform("W1", th + E, W1, 0.25);
    check_uniform("b1", th + E + W1, 200, 0.25);
    check_uniform("W2", th + E + W1 + 200, W2, 1 / sqrt(200));
    check_uniform("W2 and b2", th + E + W1 + 200, W2 + 50, 1 / sqrt(200));
    CHECK(net_nparams(n) == E + W1 + 200 + W2 + 50 + W3 + 3, "%zu parameters", net_nparams(n));
    net_free(n);

    /* Modular: the whole layer's fan-in (Fig. 19: two [1, 50, 50, 1] nets
     * start as one [2, 100, 100, 2] net masked). */
    const int mwidth[] = {2, 100, 100, 2};
    s = dense_spec(3, mwidth, NET_SILU);
    s.ngroups = 2;
    for (int g = 0; g < 2; g++) {
        s.group_width[0][g] = s.group_width[3][g] = 1;
        s.group_width[1][g] = s.group_width[2][g] = 50;
    }
    n = make(&s);
    double *block = malloc(50 * 50 * 2 * sizeof *block);
    size_t kept = 0;
    th = net_params(n);
    for (int round = 0; round < 1; round++) {
        net_init(n, r);
        for (int o = 0; o < 100; o++)
            for (int i = 0; i < 100; i++) {
                double w = th[300 + o * 100 + i];
                if ((o < 50) == (i < 50))
                    block[kept++] = w;
                else
                    CHECK(w == 0, "W2[%d][%d] = %g outside the blocks", o, i, w);
            }
    }
    check_uniform("modular W2", block, kept, 0.1);
    free(block);
    net_free(n);
}

/* Two threads give the very numbers of one, for each layout and precision
 * (the passes split their work in the same halves either way). */
static void test_threads(gsl_rng *r)
{
    const int width[] = {24, 40, 30, 6};
    for (int variant = 0; variant < 4; variant++) {
        net_spec s = dense_spec(3, width, NET_SILU);
        s.single_precision = variant & 1;
        if (variant & 2) {
            s.vocab = 13, s.dim = 12, s.ntokens = 2;
        } else {
            s.ngroups = 2;
            for (int l = 0; l <= 3; l++)
                s.group_width[l][0] = s.group_width[l][1] = width[l] / 2;
        }
        net *one = make(&s), *two = make(&s);
        net_set_threads(two, 2);
        net_init(one, r);
        memcpy(net_params(two), net_params(one), net_nparams(one) * sizeof(double));
        net_params_changed(two);
        batch b = draw_batch(&s, NET_LOSS_CE, 301, r);
        const double *y1 = net_forward(one, b.x, b.n), *y2 = net_forward(two, b.x, b.n);
        CHECK(memcmp(y1, y2, sizeof(double) * 301 * 6) == 0, "variant %d: outputs differ on 2 threads",
              variant);
        double l1 = net_backward(one, NET_LOSS_CE, b.target, NULL);
        double l2 = net_backward(two, NET_LOSS_CE, b.target, NULL);
        CHECK(l1 == l2 && memcmp(net_grad(one), net_grad(two), net_nparams(one) * sizeof(double)) == 0,
              "variant %d: loss or gradient differs on 2 threads", variant);
        net_set_threads(two, 1);
        net_free(one);
        net_free(two);
        free_batch(&b);
    }
}

/* A batch larger than memory: refused with a reason, and the network
 * still works on a batch that fits. */
static void test_memory(gsl_rng *r)
{
    const int width[] = {4, 50000, 3};
    net_spec s = dense_spec(2, width, NET_RELU);
    net *n = make(&s);
    net_init(n, r);
    double x[8] = {0.5, -1, 2, 0.25, 1, 1, -1, 0};
    long huge = 2000000000L;        /* 2e9 x 50000 units: 800 TB */
    CHECK(net_bytes(&s, huge) > 7e14, "net_bytes %g", net_bytes(&s, huge));
    CHECK(net_forward(n, x, huge) == NULL &&
              strcmp(net_error(n), "out of memory for a batch of 2000000000 samples") == 0,
          "'%s'", net_error(n));
    const double *y = net_forward(n, x, 2);
    CHECK(y != NULL && isfinite(y[0]) && isfinite(y[5]), "a batch of 2 after the refusal");
    const double t[6] = {0};
    CHECK(isfinite(net_backward(n, NET_LOSS_MSE, t, NULL)), "and its backward pass");
    net_free(n);
}

/* vexp within 4 ulps of libm's exp over the range the activations use,
 * and clamped beyond it. */
static void test_vexp(void)
{
    double worst = 0, worst_f = 0;
    for (int i = -400000; i <= 400000; i++) {
        double x = i * 1.7e-3 + 1e-7 * (i % 7);
        worst = fmax(worst, fabs(vexp_d(x) / exp(x) - 1));
        if (fabs(x) < 80) {
            float xf = (float)x;
            worst_f = fmax(worst_f, fabs((double)vexp_f(xf) / exp((double)xf) - 1));
        }
    }
    CHECK(worst < 4 * 0x1p-52, "vexp_d off by %g relative", worst);
    CHECK(worst_f < 4 * 0x1p-23, "vexp_f off by %g relative", worst_f);
    CHECK(fabs(vexp_d(-1000) / exp(-708) - 1) < 1e-15 && fabs(vexp_d(1000) / exp(709) - 1) < 1e-15 &&
              vexp_f(-200) > 0 &&
              isfinite(vexp_f(200)), "vexp's clamps");
}

static void expect_refusal(const net_spec *s, const char *want)
{
    char err[200] = "";
    net *n = net_new(s, err, sizeof err);
    CHECK(n == NULL && strcmp(err, want) == 0, "refusal '%s', want '%s'", err, want);
    net_free(n);
}

static void test_refusals(gsl_rng *r)
{
    const int width[] = {4, 3, 2};
    net_spec s = dense_spec(2, width, NET_RELU);
    s.nlayers = 0;
    expect_refusal(&s, "0 layers: a network has 1 to 16");
    s.nlayers = 2;
    s.width[1] = 0;
    expect_refusal(&s, "layer 1 has width 0: widths are at least 1");
    s.width[1] = 3;
    s.vocab = 10;
    s.dim = 3;
    s.ntokens = 2;
    expect_refusal(&s, "an embedding of 2 tokens x 3 dimensions cannot feed 4 inputs");
    s.dim = 2;
    s.ngroups = 2;
    s.group_width[0][0] = s.group_width[0][1] = 2;
    s.group_width[1][0] = 2;
    s.group_width[1][1] = 2;
    s.group_width[2][0] = s.group_width[2][1] = 1;
    expect_refusal(&s, "layer 1: the groups have 4 units, the layer 3");
    s.group_width[1][1] = 1;
    net *n = make(&s);
    net_init(n, r);
    const double tokens[] = {1, 9, 3, 10};
    CHECK(net_forward(n, tokens, 2) == NULL && strcmp(net_error(n), "sample 1: token 10 is not one of 0 to 9") == 0,
          "token 10: '%s'", net_error(n));
    CHECK(net_forward(n, tokens, 1) != NULL, "the first sample alone is fine");
    CHECK(net_forward(n, tokens, 0) == NULL && strcmp(net_error(n), "a batch of 0 samples") == 0, "'%s'",
          net_error(n));
    CHECK(net_forward(n, tokens, 3000000000L) == NULL &&
              strcmp(net_error(n), "a batch of 3000000000 samples") == 0, "'%s'", net_error(n));
    net_free(n);
    double b1 = net_bytes(&s, 1000), b2 = net_bytes(&s, 2000);
    CHECK(b1 > 1000 * (4 + 3 + 3 + 2) * 8.0 && b2 - b1 > 1000 * 12 * 8.0, "net_bytes %g, %g", b1, b2);
}

int main(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12);
    test_gradients(r);
    test_modular_mask(r);
    test_steps();
    test_single_precision(r);
    test_stats();
    test_init(r);
    test_refusals(r);
    test_vexp();
    test_threads(r);
    test_memory(r);
    gsl_rng_free(r);
    if (failures)
        printf("%d failures\n", failures);
    return failures != 0;
}
