/* network_steps.c - the network engine's training step timed: forward,
 * backward and an Adam step (src/models/network.h, optim.h) on one of the
 * paper's network sizes, and the bare gemm calls of the same shapes (the
 * ceiling on this machine, on OpenBLAS's own THREADS threads).  The step
 * runs on THREADS threads as the engine splits it (net_set_threads), with
 * OpenBLAS on one thread as libskill sets it.  Built and run by
 * bench/network_torch.sh.
 * Usage: network_steps CASE double|single THREADS SECONDS
 * Prints: seconds per step, flops per step, seconds per pass of the gemms
 * (each the fastest of five rounds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "blas.h"
#include "network.h"
#include "optim.h"

typedef struct bench_case {
    const char *name;
    long n;
    int nlayers, width[5];
    net_activation f;
    net_loss loss;
    int vocab, dim, ntokens, ngroups;
} bench_case;

static const bench_case cases[] = {
    {"fig2", 10000, 2, {32, 50, 2}, NET_RELU, NET_LOSS_MSE, 0, 0, 0, 0},
    {"fig13", 3481, 3, {256, 100, 100, 59}, NET_SILU, NET_LOSS_CE, 59, 128, 2, 0},
    {"fig19", 1000, 3, {2, 100, 100, 2}, NET_SILU, NET_LOSS_MSE, 0, 0, 0, 2},
    {"fig11", 20000, 2, {600, 128, 1}, NET_RELU, NET_LOSS_BCE, 0, 0, 0, 0},
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static net_spec spec_of(const bench_case *c, int single)
{
    net_spec s;
    memset(&s, 0, sizeof s);
    s.nlayers = c->nlayers;
    memcpy(s.width, c->width, sizeof c->width);
    s.activation = c->f;
    s.single_precision = single;
    s.vocab = c->vocab, s.dim = c->dim, s.ntokens = c->ntokens;
    s.ngroups = c->ngroups;
    for (int l = 0; l <= c->nlayers; l++)
        for (int g = 0; g < c->ngroups; g++)
            s.group_width[l][g] = c->width[l] / c->ngroups;
    return s;
}

/* Multiply-adds x 2 of a step's gemms: forward, weight gradients, and the
 * input gradients of every layer but the first (unless embedded). */
static double step_flops(const bench_case *c)
{
    double f = 0;
    for (int l = 0; l < c->nlayers; l++) {
        double mn = (double)c->width[l] * c->width[l + 1] / (c->ngroups ? c->ngroups : 1);
        f += 2 * c->n * mn * (l > 0 || c->vocab ? 3 : 2);
    }
    return f;
}

static void fill_data(const bench_case *c, double *x, double *t, gsl_rng *r)
{
    int in = c->vocab ? c->ntokens : c->width[0], K = c->width[c->nlayers];
    for (long i = 0; i < c->n * in; i++)
        x[i] = c->vocab ? (double)gsl_rng_uniform_int(r, c->vocab) : (double)gsl_rng_uniform_int(r, 2);
    for (long i = 0; i < c->n * (c->loss == NET_LOSS_CE ? 1 : K); i++)
        t[i] = c->loss == NET_LOSS_CE ? (double)gsl_rng_uniform_int(r, K) : (double)gsl_rng_uniform_int(r, 2);
}

static double time_steps(const bench_case *c, int single, int threads, double seconds)
{
    net_spec s = spec_of(c, single);
    char err[200];
    net *n = net_new(&s, err, sizeof err);
    if (!n) {
        fprintf(stderr, "network_steps: %s\n", err);
        exit(1);
    }
    net_set_threads(n, threads);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    net_init(n, r);
    int in = c->vocab ? c->ntokens : c->width[0];
    double *x = malloc(sizeof(double) * c->n * in), *t = malloc(sizeof(double) * c->n * c->width[c->nlayers]);
    fill_data(c, x, t, r);
    optim_config oc = optim_defaults(OPT_ADAM);
    optim *o = optim_new(&oc, (int)net_nparams(n));
    /* The fastest of five rounds of at least 2 steps and SECONDS / 5 each,
     * after two steps of warm-up: others' work on a shared machine only
     * ever slows a round down. */
    double per = 1e300;
    long k = 1;
    for (int round = -1; round < 5; round++) {
        long steps = 0;
        double start = now();
        do {
            net_step(n);
            net_forward(n, x, c->n);
            net_backward(n, c->loss, t, NULL);
            optim_step(o, net_params(n), net_grad(n), 1e-3, k++);
            net_params_changed(n);
        } while (++steps < 2 || now() - start < seconds / 5);
        if (round >= 0 && (now() - start) / (double)steps < per)
            per = (now() - start) / (double)steps;
    }
    optim_free(o);
    free(x);
    free(t);
    gsl_rng_free(r);
    net_free(n);
    return per;
}

/* One pass of the step's gemms alone, on the same shapes. */
static void gemms(const bench_case *c, int single, void **buf)
{
    int N = (int)c->n, G = c->ngroups ? c->ngroups : 1;
    for (int l = 0; l < c->nlayers; l++) {
        int in = c->width[l] / G, out = c->width[l + 1] / G, ld_in = c->width[l], ld_out = c->width[l + 1];
        for (int g = 0; g < G; g++) {
            if (single) {
                float *A = buf[0], *W = buf[1], *Z = buf[2];
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, out, in, 1, A, ld_in, W, ld_in, 1, Z, ld_out);
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, N, 1, Z, ld_out, A, ld_in, 0, W, ld_in);
                if (l > 0 || c->vocab)
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, in, out, 1, Z, ld_out, W, ld_in, 0, A, ld_in);
            } else {
                double *A = buf[0], *W = buf[1], *Z = buf[2];
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, out, in, 1, A, ld_in, W, ld_in, 1, Z, ld_out);
                cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, N, 1, Z, ld_out, A, ld_in, 0, W, ld_in);
                if (l > 0 || c->vocab)
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, in, out, 1, Z, ld_out, W, ld_in, 0, A, ld_in);
            }
        }
    }
}

static double time_gemms(const bench_case *c, int single, double seconds)
{
    int widest = 0;
    for (int l = 0; l <= c->nlayers; l++)
        widest = c->width[l] > widest ? c->width[l] : widest;
    void *buf[3];
    for (int i = 0; i < 3; i++)
        buf[i] = calloc((size_t)(c->n > widest ? c->n : widest) * widest, 8);
    double per = 1e300;
    gemms(c, single, buf);
    for (int round = 0; round < 5; round++) {
        long reps = 0;
        double start = now();
        do {
            gemms(c, single, buf);
            reps++;
        } while (reps < 2 || now() - start < seconds / 5);
        if ((now() - start) / (double)reps < per)
            per = (now() - start) / (double)reps;
    }
    for (int i = 0; i < 3; i++)
        free(buf[i]);
    return per;
}

int main(int argc, char **argv)
{
    const bench_case *c = NULL;
    for (size_t i = 0; argc == 5 && i < sizeof cases / sizeof cases[0]; i++)
        if (!strcmp(argv[1], cases[i].name))
            c = &cases[i];
    if (!c) {
        fprintf(stderr, "usage: network_steps fig2|fig13|fig19|fig11 double|single THREADS SECONDS\n");
        return 2;
    }
    int single = !strcmp(argv[2], "single");
    double seconds = atof(argv[4]);
#ifdef HAVE_OPENBLAS
    openblas_set_num_threads(1);            /* as libskill sets it: threads are the engine's */
#endif
    int threads = atoi(argv[3]);
    double step = time_steps(c, single, threads, seconds);
#ifdef HAVE_OPENBLAS
    openblas_set_num_threads(threads);      /* the gemms alone: OpenBLAS's own threads */
#endif
    double pass = time_gemms(c, single, seconds / 2);
    printf("%.9g %.9g %.9g\n", step, step_flops(c), pass);
    return 0;
}
