#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct optim {
    optim_config c;
    int n;
    double *m, *v, *m2;         /* first moment (momentum buffer), second moment, slow EMA */
    double *delta;              /* the latest update */
};

optim_config optim_defaults(optim_kind kind)
{
    optim_config c = {kind, 0, 0, 0.9, 0.999, 0.9999, 1e-8, 2, 0};
    if (kind == OPT_LION)
        c.beta2 = 0.99;
    return c;
}

const char *optim_arg_invalid(const char *key, double x, int lr_schedule)
{
    static const char *const fractions[] = {"beta1", "beta2", "beta3", "momentum"};
    for (size_t i = 0; i < sizeof fractions / sizeof *fractions; i++)
        if (strcmp(key, fractions[i]) == 0)
            return x >= 0 && x < 1 ? NULL : "in [0, 1)";
    if (strcmp(key, "eps") == 0 || (strcmp(key, "lr") == 0 && !lr_schedule))
        return isfinite(x) && x > 0 ? NULL : "finite and positive";
    return isfinite(x) && x >= 0 ? NULL : "finite and not negative";
}

optim *optim_new(const optim_config *c, int n)
{
    optim *o = calloc(1, sizeof *o);
    size_t bytes = ((size_t)n + 1) * sizeof(double);
    if (!o || !(o->m = calloc(1, bytes)) || !(o->v = calloc(1, bytes)) ||
        !(o->m2 = calloc(1, bytes)) || !(o->delta = calloc(1, bytes))) {
        optim_free(o);
        return NULL;
    }
    o->c = *c;
    o->n = n;
    return o;
}

void optim_free(optim *o)
{
    if (!o)
        return;
    free(o->m);
    free(o->v);
    free(o->m2);
    free(o->delta);
    free(o);
}

static double sign(double x)
{
    return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* torch.optim.SGD: L2 weight decay into g; momentum buffer starts at g. */
static void sgd(optim *o, double *theta, const double *g, double lr, long t)
{
    const optim_config *c = &o->c;
    for (int j = 0; j < o->n; j++) {
        double d = g[j] + c->wd * theta[j];
        if (c->momentum != 0) {
            o->m[j] = t == 1 ? d : c->momentum * o->m[j] + d;
            d = o->m[j];
        }
        o->delta[j] = -lr * d;
    }
}

static void signgd(optim *o, const double *g, double lr)
{
    for (int j = 0; j < o->n; j++)
        o->delta[j] = -lr * sign(g[j]);
}

/* torch.optim.Adam (L2 decay into g) and AdamW (decoupled decay). */
static void adam(optim *o, double *theta, const double *g, double lr, long t, int decoupled)
{
    const optim_config *c = &o->c;
    double bias1 = 1 - pow(c->beta1, (double)t), bias2 = 1 - pow(c->beta2, (double)t);
    double step = lr / bias1, root2 = sqrt(bias2);
    for (int j = 0; j < o->n; j++) {
        double gj = decoupled ? g[j] : g[j] + c->wd * theta[j];
        o->m[j] = c->beta1 * o->m[j] + (1 - c->beta1) * gj;
        o->v[j] = c->beta2 * o->v[j] + (1 - c->beta2) * gj * gj;
        double d = -step * o->m[j] / (sqrt(o->v[j]) / root2 + c->eps);
        o->delta[j] = (decoupled ? -lr * c->wd * theta[j] : 0) + d;
    }
}

/* Lion: decay, then the sign of an interpolation, then the momentum. */
static void lion(optim *o, double *theta, const double *g, double lr)
{
    const optim_config *c = &o->c;
    for (int j = 0; j < o->n; j++) {
        double u = sign(c->beta1 * o->m[j] + (1 - c->beta1) * g[j]);
        o->delta[j] = -lr * c->wd * theta[j] - lr * u;
        o->m[j] = c->beta2 * o->m[j] + (1 - c->beta2) * g[j];
    }
}

/* AdEMAMix's half-life schedule for beta3. */
static double half_life(double beta) { return log(0.5) / log(beta + 1e-8) - 1; }
static double from_half_life(double tau) { return pow(0.5, 1 / (tau + 1)); }

static void ademamix(optim *o, double *theta, const double *g, double lr, long t)
{
    const optim_config *c = &o->c;
    double bias1 = 1 - pow(c->beta1, (double)t), bias2 = 1 - pow(c->beta2, (double)t);
    double alpha = c->alpha, beta3 = c->beta3;
    if (c->warmup > 0 && t < c->warmup) {
        double a = (double)t / c->warmup;
        alpha = c->alpha * a;
        beta3 = from_half_life((1 - a) * half_life(c->beta1) + a * half_life(c->beta3));
    }
    double root2 = sqrt(bias2);
    for (int j = 0; j < o->n; j++) {
        o->m[j] = c->beta1 == 0 ? g[j] : c->beta1 * o->m[j] + (1 - c->beta1) * g[j];
        o->m2[j] = beta3 * o->m2[j] + (1 - beta3) * g[j];
        o->v[j] = c->beta2 * o->v[j] + (1 - c->beta2) * g[j] * g[j];
        double denom = sqrt(o->v[j]) / root2 + c->eps;
        double update = (o->m[j] / bias1 + alpha * o->m2[j]) / denom + c->wd * theta[j];
        o->delta[j] = -lr * update;
    }
}

void optim_step(optim *o, double *theta, const double *g, double lr, long t)
{
    switch (o->c.kind) {
    case OPT_SGD: sgd(o, theta, g, lr, t); break;
    case OPT_SIGNGD: signgd(o, g, lr); break;
    case OPT_ADAM: adam(o, theta, g, lr, t, 0); break;
    case OPT_ADAMW: adam(o, theta, g, lr, t, 1); break;
    case OPT_LION: lion(o, theta, g, lr); break;
    case OPT_ADEMAMIX: ademamix(o, theta, g, lr, t); break;
    }
    for (int j = 0; j < o->n; j++)
        theta[j] += o->delta[j];
}

const double *optim_last_update(const optim *o)
{
    return o->delta;
}
