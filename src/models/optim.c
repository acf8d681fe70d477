#include "optim.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <immintrin.h>

struct optim {
    optim_config c;
    int n;
    double *m, *v, *m2;         /* first moment (momentum buffer), second moment, slow EMA */
    double *delta;              /* the latest update */
};

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

static void signgd(optim *o, double *theta, const double *g, double lr, long t)
{
    (void)theta;
    (void)t;
    for (int j = 0; j < o->n; j++)
        o->delta[j] = -lr * sign(g[j]);
}

typedef double v2d __attribute__((vector_size(16)));

#define LOAD2(dst, p) memcpy(&(dst), (p), sizeof(v2d))
#define STORE2(p, src) memcpy((p), &(src), sizeof(v2d))

typedef double v4d __attribute__((vector_size(32)));

#define LOAD4(dst, p) memcpy(&(dst), (p), sizeof(v4d))
#define STORE4(p, src) memcpy((p), &(src), sizeof(v4d))

/* Adam's loop on four coordinates at a time with AVX, from 0 while four
 * remain; where it stopped.  The operations of adam's loop below. */
__attribute__((target("avx"))) static int adam_avx(optim *o, double *theta, const double *g, double lr,
                                                   double step, double root2, int decoupled)
{
    const optim_config *c = &o->c;
#define SPLAT4(x) {(x), (x), (x), (x)}
    const v4d b1 = SPLAT4(c->beta1), b1c = SPLAT4(1 - c->beta1), b2 = SPLAT4(c->beta2);
    const v4d b2c = SPLAT4(1 - c->beta2), wd = SPLAT4(c->wd), minus_step = SPLAT4(-step);
    const v4d r2 = SPLAT4(root2), eps = SPLAT4(c->eps), decay = SPLAT4(-lr * c->wd), zero = SPLAT4(0.0);
#undef SPLAT4
    int j = 0;
    for (; j + 4 <= o->n; j += 4) {
        v4d gj, th, m, v, d, delta;
        LOAD4(gj, g + j);
        LOAD4(th, theta + j);
        LOAD4(m, o->m + j);
        LOAD4(v, o->v + j);
        if (!decoupled)
            gj = gj + wd * th;
        m = b1 * m + b1c * gj;
        v = b2 * v + b2c * gj * gj;
        d = minus_step * m / ((v4d)_mm256_sqrt_pd((__m256d)v) / r2 + eps);
        delta = (decoupled ? decay * th : zero) + d;
        STORE4(o->m + j, m);
        STORE4(o->v + j, v);
        STORE4(o->delta + j, delta);
    }
    return j;
}

/* torch.optim.Adam (L2 decay into g) and AdamW (decoupled decay).  Four
 * coordinates at a time with AVX's divide and square root, then two with
 * SSE2's, which every x86-64 CPU has: each lane does the scalar loop's
 * operations in its order (IEEE rounds each the same at every width), so
 * the numbers are the same, at a fraction of the divider's time. */
static void adam(optim *o, double *theta, const double *g, double lr, long t, int decoupled)
{
    const optim_config *c = &o->c;
    double bias1 = 1 - pow(c->beta1, (double)t), bias2 = 1 - pow(c->beta2, (double)t);
    double step = lr / bias1, root2 = sqrt(bias2);
    const v2d b1 = {c->beta1, c->beta1}, b1c = {1 - c->beta1, 1 - c->beta1};
    const v2d b2 = {c->beta2, c->beta2}, b2c = {1 - c->beta2, 1 - c->beta2};
    const v2d wd = {c->wd, c->wd}, minus_step = {-step, -step}, r2 = {root2, root2};
    const v2d eps = {c->eps, c->eps}, decay = {-lr * c->wd, -lr * c->wd}, zero = {0, 0};
    int j = __builtin_cpu_supports("avx") ? adam_avx(o, theta, g, lr, step, root2, decoupled) : 0;
    for (; j + 2 <= o->n; j += 2) {
        v2d gj, th, m, v, d, delta;
        LOAD2(gj, g + j);
        LOAD2(th, theta + j);
        LOAD2(m, o->m + j);
        LOAD2(v, o->v + j);
        if (!decoupled)
            gj = gj + wd * th;
        m = b1 * m + b1c * gj;
        v = b2 * v + b2c * gj * gj;
        d = minus_step * m / ((v2d)_mm_sqrt_pd((__m128d)v) / r2 + eps);
        delta = (decoupled ? decay * th : zero) + d;
        STORE2(o->m + j, m);
        STORE2(o->v + j, v);
        STORE2(o->delta + j, delta);
    }
    for (; j < o->n; j++) {
        double gj = decoupled ? g[j] : g[j] + c->wd * theta[j];
        o->m[j] = c->beta1 * o->m[j] + (1 - c->beta1) * gj;
        o->v[j] = c->beta2 * o->v[j] + (1 - c->beta2) * gj * gj;
        double d = -step * o->m[j] / (sqrt(o->v[j]) / root2 + c->eps);
        o->delta[j] = (decoupled ? -lr * c->wd * theta[j] : 0) + d;
    }
}

static void adam_l2(optim *o, double *theta, const double *g, double lr, long t)
{
    adam(o, theta, g, lr, t, 0);
}

static void adamw(optim *o, double *theta, const double *g, double lr, long t)
{
    adam(o, theta, g, lr, t, 1);
}

/* Lion: decay, then the sign of an interpolation, then the momentum. */
static void lion(optim *o, double *theta, const double *g, double lr, long t)
{
    (void)t;
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

/* torch.optim.RMSprop: L2 decay into g; v, the mean of g (centered) and
 * the momentum buffer start at 0. */
static void rmsprop(optim *o, double *theta, const double *g, double lr, long t)
{
    (void)t;
    const optim_config *c = &o->c;
    for (int j = 0; j < o->n; j++) {
        double gj = g[j] + c->wd * theta[j];
        o->v[j] = c->alpha * o->v[j] + (1 - c->alpha) * gj * gj;
        double spread = o->v[j];
        if (c->centered != 0) {
            o->m2[j] += (1 - c->alpha) * (gj - o->m2[j]);     /* torch's lerp */
            spread -= o->m2[j] * o->m2[j];
        }
        double d = gj / (sqrt(spread) + c->eps);
        if (c->momentum > 0) {
            o->m[j] = c->momentum * o->m[j] + d;
            d = o->m[j];
        }
        o->delta[j] = -lr * d;
    }
}

/* torch.optim.Adagrad: L2 decay into g; the sum of squares starts at
 * initial_accumulator_value; the step size decays as 1 / (1 + (t-1) lr_decay). */
static void adagrad(optim *o, double *theta, const double *g, double lr, long t)
{
    const optim_config *c = &o->c;
    double clr = lr / (1 + (double)(t - 1) * c->lr_decay);
    for (int j = 0; j < o->n; j++) {
        double gj = g[j] + c->wd * theta[j];
        if (t == 1)
            o->v[j] = c->initial_accumulator_value;
        o->v[j] += gj * gj;
        o->delta[j] = -clr * (gj / (sqrt(o->v[j]) + c->eps));
    }
}

void optim_step(optim *o, double *theta, const double *g, double lr, long t)
{
    optim_step_range(o, theta, g, lr, t, 0, o->n);
}

/* Every rule is elementwise, so a part is the whole rule on a view of
 * the state from LO on. */
void optim_step_range(optim *o, double *theta, const double *g, double lr, long t, int lo, int hi)
{
    optim part = *o;
    part.n = hi - lo;
    part.m = o->m + lo;
    part.v = o->v + lo;
    part.m2 = o->m2 + lo;
    part.delta = o->delta + lo;
    optim_of_kind(o->c.kind)->step(&part, theta + lo, g + lo, lr, t);
    for (int j = lo; j < hi; j++)
        theta[j] += o->delta[j];
}

const double *optim_last_update(const optim *o)
{
    return o->delta;
}

/* ---- the table ---- */

#define FIELD(f) ((int)offsetof(optim_config, f))
#define LR {"lr", OPTIM_NO_FIELD, 0, OPT_RANGE_POSITIVE, "the learning rate (required; may follow t)"}
#define WD(what) {"wd", FIELD(wd), 0, OPT_RANGE_NONNEG, what}
#define BETA1 {"beta1", FIELD(beta1), 0.9, OPT_RANGE_FRACTION, "the decay of the first moment"}
#define BETA2 {"beta2", FIELD(beta2), 0.999, OPT_RANGE_FRACTION, "the decay of the second moment"}
#define EPS {"eps", FIELD(eps), 1e-8, OPT_RANGE_POSITIVE, "added to the denominator"}
#define END {NULL, 0, 0, 0, NULL}

static const optim_key sgd_keys[] = {
    LR,
    {"momentum", FIELD(momentum), 0, OPT_RANGE_FRACTION, "the momentum factor"},
    WD("L2 weight decay, added to the gradient"),
    END,
};
static const optim_key signgd_keys[] = {LR, END};
static const optim_key adam_keys[] = {LR, BETA1, BETA2, EPS, WD("L2 weight decay, added to the gradient"), END};
static const optim_key adamw_keys[] = {LR, BETA1, BETA2, EPS, WD("decoupled weight decay"), END};
static const optim_key lion_keys[] = {
    LR,
    {"beta1", FIELD(beta1), 0.9, OPT_RANGE_FRACTION, "the interpolation whose sign is the update"},
    {"beta2", FIELD(beta2), 0.99, OPT_RANGE_FRACTION, "the decay of the momentum"},
    WD("decoupled weight decay"),
    END,
};
static const optim_key ademamix_keys[] = {
    LR, BETA1, BETA2,
    {"beta3", FIELD(beta3), 0.9999, OPT_RANGE_FRACTION, "the decay of the slow moment"},
    {"alpha", FIELD(alpha), 2, OPT_RANGE_NONNEG, "the weight of the slow moment"},
    {"warmup", FIELD(warmup), 0, OPT_RANGE_NONNEG, "steps over which alpha and beta3 warm up"},
    EPS, WD("decoupled weight decay"),
    END,
};
static const optim_key rmsprop_keys[] = {
    LR,
    {"alpha", FIELD(alpha), 0.99, OPT_RANGE_FRACTION, "the decay of the mean square of g"},
    {"eps", FIELD(eps), 1e-8, OPT_RANGE_POSITIVE, "added to the denominator"},
    WD("L2 weight decay, added to the gradient"),
    {"momentum", FIELD(momentum), 0, OPT_RANGE_FRACTION, "the momentum factor"},
    {"centered", FIELD(centered), 0, OPT_RANGE_FLAG, "1: divide by the variance of g, not its mean square"},
    END,
};
static const optim_key adagrad_keys[] = {
    LR,
    {"lr_decay", FIELD(lr_decay), 0, OPT_RANGE_NONNEG, "the step size is lr / (1 + (t-1) lr_decay)"},
    WD("L2 weight decay, added to the gradient"),
    {"initial_accumulator_value", FIELD(initial_accumulator_value), 0, OPT_RANGE_NONNEG,
     "the sum of squared gradients at the start"},
    {"eps", FIELD(eps), 1e-10, OPT_RANGE_POSITIVE, "added to the denominator"},
    END,
};

static const optim_info table[] = {
    {"sgd", OPT_SGD, sgd, sgd_keys, "torch.optim.SGD"},
    {"signgd", OPT_SIGNGD, signgd, signgd_keys, "the exact sign of the gradient"},
    {"adam", OPT_ADAM, adam_l2, adam_keys, "torch.optim.Adam"},
    {"adamw", OPT_ADAMW, adamw, adamw_keys, "torch.optim.AdamW"},
    {"lion", OPT_LION, lion, lion_keys, "Lion, as its authors' code"},
    {"ademamix", OPT_ADEMAMIX, ademamix, ademamix_keys, "AdEMAMix, as its authors' code"},
    {"rmsprop", OPT_RMSPROP, rmsprop, rmsprop_keys, "torch.optim.RMSprop"},
    {"adagrad", OPT_ADAGRAD, adagrad, adagrad_keys, "torch.optim.Adagrad"},
};

enum { NOPTIM = sizeof table / sizeof *table };

const optim_info *optim_at(int i)
{
    return i >= 0 && i < NOPTIM ? &table[i] : NULL;
}

const optim_info *optim_find(const char *name)
{
    for (int i = 0; i < NOPTIM; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

const optim_info *optim_of_kind(optim_kind kind)
{
    for (int i = 0; i < NOPTIM; i++)
        if (table[i].kind == kind)
            return &table[i];
    return NULL;
}

const optim_key *optim_key_find(const optim_info *info, const char *key)
{
    for (const optim_key *k = info->keys; k->name; k++)
        if (strcmp(k->name, key) == 0)
            return k;
    return NULL;
}

int optim_key_names(const optim_info *info, const char **names, int cap)
{
    int n = 0;
    for (; n < cap && info->keys[n].name; n++)
        names[n] = info->keys[n].name;
    names[n] = NULL;
    return n;
}

void optim_config_set(optim_config *c, const optim_key *key, double x)
{
    if (key->field != OPTIM_NO_FIELD)
        *(double *)((char *)c + key->field) = x;
}

optim_config optim_defaults(optim_kind kind)
{
    optim_config c = {0};
    c.kind = kind;
    for (const optim_key *k = optim_of_kind(kind)->keys; k->name; k++)
        optim_config_set(&c, k, k->fallback);
    return c;
}

const char *optim_key_invalid(const optim_key *key, double x)
{
    switch (key->range) {
    case OPT_RANGE_FRACTION: return x >= 0 && x < 1 ? NULL : "in [0, 1)";
    case OPT_RANGE_POSITIVE: return isfinite(x) && x > 0 ? NULL : "finite and positive";
    case OPT_RANGE_FLAG: return x == 0 || x == 1 ? NULL : "0 or 1";
    case OPT_RANGE_NONNEG: break;
    }
    return isfinite(x) && x >= 0 ? NULL : "finite and not negative";
}

const char *optim_lr_invalid(double x, int lr_schedule)
{
    if (lr_schedule)
        return isfinite(x) && x >= 0 ? NULL : "finite and not negative";
    return isfinite(x) && x > 0 ? NULL : "finite and positive";
}
