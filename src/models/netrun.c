#include "netrun.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "builtins.h"
#include "numfmt.h"
#include "optim.h"
#include "vectors.h"

enum { STREAM_BITS = 10, STREAM_DATA = 11, STREAM_INIT = 12, PROGRESS_EVERY = 16 };

/* Multiply-adds of a step's forward pass from which a second thread pays
 * for waking it twice a layer. */
#define TWIN_FROM 1e6

/* ------------------------------------------------------------ shape */

static int hidden_count(const ir_settings *s)
{
    return s->hidden.kind == V_VEC ? s->hidden.u.obj->u.vec.n : 1;
}

static double hidden_width(const ir_settings *s, int i)
{
    return s->hidden.kind == V_VEC ? s->hidden.u.obj->u.vec.x[i] : NETWORK_DEFAULT_HIDDEN;
}

static double inputs_of(const ir_settings *s, int K)
{
    switch (s->task) {
    case NET_TASK_PARITY: return s->bits;
    case NET_TASK_MULTITASK: return K + s->bits;
    case NET_TASK_REGRESSION: return K;
    case NET_TASK_MODULAR: return 2 * s->embed;
    }
    return 0;
}

static double outputs_of(const ir_settings *s, int K)
{
    switch (s->task) {
    case NET_TASK_PARITY: case NET_TASK_REGRESSION: return K;
    case NET_TASK_MULTITASK: return 1;
    case NET_TASK_MODULAR: return s->modulus;
    }
    return 0;
}

void network_shape(const ir_settings *set, int K, net_spec *out)
{
    memset(out, 0, sizeof *out);
    int nh = hidden_count(set);
    out->nlayers = nh + 1;
    out->width[0] = (int)inputs_of(set, K);
    for (int i = 0; i < nh; i++)
        out->width[i + 1] = (int)hidden_width(set, i);
    out->width[nh + 1] = (int)outputs_of(set, K);
    out->activation = (net_activation)set->activation;
    out->single_precision = set->precision == PRECISION_SINGLE;
    if (set->task == NET_TASK_MODULAR) {
        out->vocab = (int)set->modulus;
        out->dim = (int)set->embed;
        out->ntokens = 2;
    }
    if (set->modular) {
        out->ngroups = K;
        for (int l = 0; l <= out->nlayers; l++)
            for (int g = 0; g < K; g++)
                out->group_width[l][g] = out->width[l] / K;
    }
}

long network_batch(const ir_settings *set, long ntrain)
{
    if (set->task == NET_TASK_MULTITASK)
        return (long)set->samples;
    return set->batch > 0 && set->batch < ntrain ? (long)set->batch : ntrain;
}

static double rows_of(const ir_settings *s)
{
    return s->task == NET_TASK_MODULAR ? s->modulus * s->modulus : s->samples;
}

static netdata_task data_task(ir_net_task t)
{
    return t == NET_TASK_PARITY ? NETDATA_PARITY : t == NET_TASK_MULTITASK ? NETDATA_MULTITASK
         : t == NET_TASK_REGRESSION ? NETDATA_REGRESSION : NETDATA_MODULAR;
}

double network_bytes(const ir_settings *set, int K)
{
    double widest = fmax(inputs_of(set, K), outputs_of(set, K));
    for (int i = 0; i < hidden_count(set); i++)
        widest = fmax(widest, hidden_width(set, i));
    if (widest > INT_MAX / 4 || rows_of(set) > 1e15)
        return INFINITY;
    net_spec spec;
    network_shape(set, K, &spec);
    netdata_spec data = {data_task(set->task), K, NULL, (int)set->bits, 1, NULL, NULL, NULL, NULL,
                         (long)set->samples, set->split, (int)set->modulus};
    /* the data, its gathered training copy, and the net at its largest pass */
    return 2 * netdata_bytes(&data) + net_bytes(&spec, (long)rows_of(set));
}

/* ------------------------------------------------------------ the run */

/* Samples as the net sees them: contiguous rows of inputs, targets, masks. */
typedef struct view {
    long n;
    double *x, *t, *m;          /* owned when gathered */
    int owned;
} view;

typedef struct nrun {
    const backend_run *b;
    const ir_settings *set;
    const network_optimizer *opt;
    int K, tcols;               /* skills; target columns (1 for ce) */
    net_loss loss;
    netdata_spec spec;
    double *freq, *uall, *lvlall, *pall;
    int *bits, *nbitsof, *needs, *nneeds;
    int dynamic;                /* frequencies follow t or the levels */
    netdata *data;
    net *net;
    optim *o;
    gsl_rng *rng, *init_rng;
    long *trainrows, *testrows, *perm, ntrain, ntest;
    view train, test, batch;
    double *loss_k, *acc_k, *loss0;
    unsigned char *sel;
    int s_loss, s_acc, s_test;  /* series indices, or -1 */
    expr_env env;
    dist_cache cache;
} nrun;

static int fail(nrun *r, const char *what)
{
    snprintf(r->b->err, r->b->errlen, "model '%s': %s", r->b->model, what);
    return -1;
}

/* WHY from netdata, with its "skill #3" written as the skill's name. */
static int data_fail(nrun *r, const char *why)
{
    char named[1024] = "";
    size_t len = 0;
    while (*why && len + 1 < sizeof named) {
        int k, used = 0;
        if (sscanf(why, "skill #%d%n", &k, &used) == 1 && used > 0 && k >= 1 && k <= r->K) {
            len += (size_t)snprintf(named + len, sizeof named - len, "skill '%s'", r->b->names[k - 1]);
            why += used;
        } else {
            named[len++] = *why++;
            named[len] = 0;
        }
    }
    return fail(r, named);
}

static void *zalloc(size_t n, size_t size, int *ok)
{
    void *p = calloc(n + 1, size);
    *ok &= p != NULL;
    return p;
}

/* The frequencies now, normalised, into r->freq. */
static int frequencies(nrun *r, double t)
{
    const backend_run *b = r->b;
    double total = 0;
    r->env.t = t;
    for (int k = 0; k < r->K; k++) {
        double p = expr_eval(b->freq[b->skills[k]], &r->env);
        if (!(p >= 0) || !isfinite(p)) {
            char buf[NUMFMT_MAX], why[256];
            snprintf(why, sizeof why, "at step %.0f, the frequency of '%s' is %s; frequencies must be "
                     "finite and not negative", t, b->names[k], numfmt(buf, p));
            return fail(r, why);
        }
        r->freq[k] = r->pall[b->skills[k]] = p;
        total += p;
    }
    if (!(total > 0))
        return fail(r, "all frequencies are 0");
    for (int k = 0; k < r->K; k++)
        r->freq[k] /= total;
    return 0;
}

/* The model index of program skill I, or -1. */
static int model_index(const nrun *r, int i)
{
    for (int k = 0; k < r->K; k++)
        if (r->b->skills[k] == i)
            return k;
    return -1;
}

/* The skills a `needs` formula joins by `and`, once each, into OUT. */
static int collect_needs(const nrun *r, const ir_dep *d, int *out, int n)
{
    if (d->kind == DEP_AND)
        return collect_needs(r, d->b, out, collect_needs(r, d->a, out, n));
    int k = model_index(r, d->skill);
    for (int j = 0; j < n; j++)
        if (out[j] == k)
            return n;
    out[n] = k;
    return n + 1;
}

static const double *parity_row(value p, int i, int *n)
{
    if (p.kind == V_MATRIX) {
        *n = p.u.obj->u.mat.cols;
        return p.u.obj->u.mat.x + (size_t)i * *n;
    }
    value row = p.u.obj->u.list.items[i];
    *n = row.u.obj->u.vec.n;
    return row.u.obj->u.vec.x;
}

/* The widest list a skill's bits or prerequisites take. */
static int widest_list(const nrun *r)
{
    const ir_settings *s = r->set;
    int kmax = (int)s->k > r->K ? (int)s->k : r->K;
    int rows = s->parity.kind == V_MATRIX ? s->parity.u.obj->u.mat.rows
             : s->parity.kind == V_LIST ? s->parity.u.obj->u.list.n : 0;
    for (int i = 0; i < rows; i++) {
        int n;
        parity_row(s->parity, i, &n);
        kmax = n > kmax ? n : kmax;
    }
    return kmax;
}

/* Each skill's bits (given, or k drawn) or prerequisites. */
static int parity_bits(nrun *r)
{
    const ir_settings *s = r->set;
    int kmax = widest_list(r), ok = 1, own = 0, nbits = (int)s->bits;
    r->bits = zalloc((size_t)r->K * kmax, sizeof(int), &ok);
    r->needs = zalloc((size_t)r->K * kmax, sizeof(int), &ok);
    r->nbitsof = zalloc((size_t)r->K, sizeof(int), &ok);
    r->nneeds = zalloc((size_t)r->K, sizeof(int), &ok);
    int *all = zalloc((size_t)nbits, sizeof(int), &ok);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!ok || !rng) {
        free(all);
        if (rng)
            gsl_rng_free(rng);
        return fail(r, "out of memory");
    }
    gsl_rng_set(rng, vectors_stream_seed(s->seed, STREAM_BITS));
    for (int j = 0; j < nbits; j++)
        all[j] = j;
    for (int k = 0; k < r->K; k++) {
        const ir_dep *d = r->b->needs[r->b->skills[k]];
        int *bits = r->bits + (size_t)k * kmax;
        if (d) {
            r->nneeds[k] = collect_needs(r, d, r->needs + (size_t)k * kmax, 0);
        } else if (s->parity.kind != V_NONE) {
            const double *row = parity_row(s->parity, own++, &r->nbitsof[k]);
            for (int j = 0; j < r->nbitsof[k]; j++)
                bits[j] = (int)row[j];
        } else {
            r->nbitsof[k] = (int)s->k;
            gsl_ran_choose(rng, bits, (size_t)s->k, all, (size_t)nbits, sizeof(int));
        }
    }
    free(all);
    gsl_rng_free(rng);
    r->spec.nbits = nbits;
    r->spec.kmax = kmax;
    r->spec.bits = r->bits;
    r->spec.nbitsof = r->nbitsof;
    r->spec.needs = r->needs;
    r->spec.nneeds = r->nneeds;
    return 0;
}

static net_loss loss_of(const ir_settings *s)
{
    if (s->loss == LOSS_MSE)
        return NET_LOSS_MSE;
    return s->task == NET_TASK_MODULAR ? NET_LOSS_CE : NET_LOSS_BCE;
}

static int make_data(nrun *r)
{
    const ir_settings *s = r->set;
    char why[512];
    r->spec = (netdata_spec){data_task(s->task), r->K, r->freq, 0, 0, NULL, NULL, NULL, NULL,
                             (long)s->samples, s->split, (int)s->modulus};
    if ((s->task == NET_TASK_PARITY || s->task == NET_TASK_MULTITASK) && parity_bits(r) != 0)
        return -1;
    if (!(r->data = netdata_new(&r->spec, r->rng, why, sizeof why)))
        return data_fail(r, why);
    return 0;
}

/* Rows ROWS[0..n) of the data into V (x and targets; masks by gather_masks). */
static int gather(nrun *r, view *v, const long *rows, long n)
{
    const netdata *d = r->data;
    int ok = 1;
    v->n = n;
    v->owned = 1;
    v->x = zalloc((size_t)n * d->ninputs, sizeof(double), &ok);
    v->t = zalloc((size_t)n * r->tcols, sizeof(double), &ok);
    if (d->mask)
        v->m = zalloc((size_t)n * d->noutputs, sizeof(double), &ok);
    if (!ok)
        return fail(r, "out of memory for the training set");
    for (long j = 0; j < n; j++) {
        memcpy(v->x + (size_t)j * d->ninputs, d->x + (size_t)rows[j] * d->ninputs, (size_t)d->ninputs * sizeof(double));
        memcpy(v->t + (size_t)j * r->tcols, d->target + (size_t)rows[j] * r->tcols, (size_t)r->tcols * sizeof(double));
    }
    return 0;
}

static void gather_masks(const nrun *r, view *v, const long *rows)
{
    const netdata *d = r->data;
    for (long j = 0; v->m && v->owned && j < v->n; j++)
        memcpy(v->m + (size_t)j * d->noutputs, d->mask + (size_t)rows[j] * d->noutputs,
               (size_t)d->noutputs * sizeof(double));
}

static void view_free(view *v)
{
    if (v->owned) {
        free(v->x);
        free(v->t);
        free(v->m);
    }
}

/* The training and test sets; the whole data set is the training set without a split. */
static int split(nrun *r)
{
    netdata *d = r->data;
    int ok = 1;
    r->ntrain = d->ntrain;
    r->ntest = d->n - d->ntrain;
    r->trainrows = zalloc((size_t)r->ntrain, sizeof(long), &ok);
    r->testrows = zalloc((size_t)r->ntest, sizeof(long), &ok);
    if (!ok)
        return fail(r, "out of memory");
    for (long i = 0, a = 0, e = 0; i < d->n; i++) {
        if (!d->train || d->train[i])
            r->trainrows[a++] = i;
        else
            r->testrows[e++] = i;
    }
    if (!d->train)
        r->train = (view){d->n, d->x, d->target, d->mask, 0};
    else if (gather(r, &r->train, r->trainrows, r->ntrain) != 0)
        return -1;
    gather_masks(r, &r->train, r->trainrows);
    if (r->ntest > 0 && gather(r, &r->test, r->testrows, r->ntest) != 0)
        return -1;
    gather_masks(r, &r->test, r->testrows);
    return 0;
}

/* This step's samples: the training set, or a fresh minibatch of it. */
static view *step_samples(nrun *r)
{
    long nb = network_batch(r->set, r->ntrain);
    if (r->set->task == NET_TASK_MULTITASK || nb >= r->ntrain)
        return &r->train;
    for (long j = 0; j < nb; j++) {
        long k = j + (long)gsl_rng_uniform_int(r->rng, (unsigned long)(r->ntrain - j));
        long swap = r->perm[j];
        r->perm[j] = r->perm[k];
        r->perm[k] = swap;
    }
    const netdata *d = r->data;
    view *v = &r->batch;
    for (long j = 0; j < nb; j++) {
        long row = r->perm[j];
        memcpy(v->x + (size_t)j * d->ninputs, d->x + (size_t)row * d->ninputs, (size_t)d->ninputs * sizeof(double));
        memcpy(v->t + (size_t)j * r->tcols, d->target + (size_t)row * r->tcols, (size_t)r->tcols * sizeof(double));
    }
    gather_masks(r, v, r->perm);
    return v;
}

static int alloc_batch(nrun *r)
{
    long nb = network_batch(r->set, r->ntrain);
    if (r->set->task == NET_TASK_MULTITASK || nb >= r->ntrain)
        return 0;
    const netdata *d = r->data;
    int ok = 1;
    r->batch = (view){nb, zalloc((size_t)nb * d->ninputs, sizeof(double), &ok),
                      zalloc((size_t)nb * r->tcols, sizeof(double), &ok),
                      d->mask ? zalloc((size_t)nb * d->noutputs, sizeof(double), &ok) : NULL, 1};
    r->perm = zalloc((size_t)r->ntrain, sizeof(long), &ok);
    if (!ok)
        return fail(r, "out of memory for a batch");
    memcpy(r->perm, r->trainrows, (size_t)r->ntrain * sizeof(long));
    return 0;
}

static int make_net(nrun *r)
{
    net_spec spec;
    char why[512];
    network_shape(r->set, r->K, &spec);
    if (!(r->net = net_new(&spec, why, sizeof why)))
        return fail(r, why);
    net_init(r->net, r->init_rng);
    double work = (double)network_batch(r->set, r->ntrain) * (double)net_nparams(r->net);
    net_set_threads(r->net, r->b->threads >= 2 && work >= TWIN_FROM ? 2 : 1);
    if (!(r->o = optim_new(&r->opt->config, (int)net_nparams(r->net))))
        return fail(r, "out of memory for the optimizer");
    return 0;
}

/* ------------------------------------------------------------ recording */

static int forward(nrun *r, const view *v)
{
    if (net_forward(r->net, v->x, v->n))
        return 0;
    return fail(r, net_error(r->net));
}

/* Mean over samples x outputs of mask * loss, from the masked per-output means. */
static double objective(const nrun *r, const view *v)
{
    int K = r->data->noutputs;
    if (r->loss == NET_LOSS_CE)
        return r->loss_k[0];
    double total = 0;
    for (int k = 0; k < K; k++) {
        double weight = 0;
        for (long j = 0; j < v->n; j++)
            weight += v->m ? v->m[(size_t)j * K + k] : 1;
        total += weight > 0 ? r->loss_k[k] * weight : 0;
    }
    return total / ((double)v->n * K);
}

/* Each skill's loss and accuracy on V (forwarded already), into loss_k
 * and acc_k: a multitask skill's over its rows, a regression skill's over
 * the rows its mask keeps, a parity skill's over all. */
static void skill_stats(nrun *r, const view *v)
{
    if (r->set->task != NET_TASK_MULTITASK) {
        const double *mask = r->set->task == NET_TASK_REGRESSION ? v->m : NULL;
        net_output_stats(r->net, r->loss, v->t, mask, NULL, r->loss_k, r->acc_k);
        return;
    }
    for (int k = 0; k < r->K; k++) {
        for (long j = 0; j < v->n; j++)
            r->sel[j] = r->data->skill_of[j] == k;
        net_output_stats(r->net, r->loss, v->t, NULL, r->sel, &r->loss_k[k], &r->acc_k[k]);
    }
}

/* The accuracy a network reaches by guessing: one class of the modulus
 * (modular addition), else one of two (a binary head). */
static double chance_of(const ir_settings *s)
{
    return s->task == NET_TASK_MODULAR ? 1 / s->modulus : 0.5;
}

static double level_of(nrun *r, int k, double loss, double acc)
{
    if (r->set->task == NET_TASK_REGRESSION)
        return r->loss0[k] > 0 ? 1 - fmin(1, loss / r->loss0[k]) : 1;
    if (r->set->level == NET_LEVEL_ACCURACY)
        return acc;
    double chance = chance_of(r->set);
    return (acc - chance) / (1 - chance);
}

static int record(nrun *r, result *res, long step)
{
    view *v = &r->train;
    if (forward(r, v) != 0)
        return -1;
    net_output_stats(r->net, r->loss, v->t, v->m, NULL, r->loss_k, r->acc_k);
    double total = objective(r, v);
    double *lv = result_add_row(res, (double)step, total, NULL);
    size_t size = (size_t)r->K * sizeof(double);
    skill_stats(r, v);
    memcpy(result_series_row(res, r->s_loss), r->loss_k, size);
    if (r->s_acc >= 0)
        memcpy(result_series_row(res, r->s_acc), r->acc_k, size);
    if (step == 0)
        memcpy(r->loss0, r->loss_k, size);
    for (int k = 0; k < r->K; k++) {
        lv[k] = level_of(r, k, r->loss_k[k], r->acc_k[k]);
        r->lvlall[r->b->skills[k]] = lv[k];
        r->uall[r->b->skills[k]] = 1 - lv[k];
    }
    if (r->s_test < 0)
        return 0;
    if (forward(r, &r->test) != 0)
        return -1;
    skill_stats(r, &r->test);
    memcpy(result_series_row(res, r->s_test), r->set->task == NET_TASK_REGRESSION ? r->loss_k : r->acc_k, size);
    return 0;
}

/* ------------------------------------------------------------ training */

static int learning_rate(nrun *r, long t, double *lr)
{
    r->env.t = (double)t;
    *lr = expr_eval(r->opt->lr, &r->env);
    if (!optim_lr_invalid(*lr, 1))
        return 0;
    char buf[NUMFMT_MAX], why[256];
    snprintf(why, sizeof why, "at step %ld, the learning rate is %s; it must be finite and not negative", t,
             numfmt(buf, *lr));
    return fail(r, why);
}

/* Whether step T (from 0) reweights: reweight = loss, in its first
 * reweight_steps steps (0: every step). */
static int reweights_at(const ir_settings *set, long t)
{
    return set->reweight == REWEIGHT_LOSS && (set->reweight_steps == 0 || (double)t < set->reweight_steps);
}

static int train_step(nrun *r, long t)
{
    net_step(r->net);
    if (r->dynamic && frequencies(r, (double)t) != 0)
        return -1;
    netdata_step(r->data, &r->spec, r->rng, t + 1);
    gather_masks(r, &r->train, r->trainrows);
    view *v = step_samples(r);
    double lr;
    if (forward(r, v) != 0 || learning_rate(r, t, &lr) != 0)
        return -1;
    net_set_reweight(r->net, reweights_at(r->set, t));
    double loss = net_backward(r->net, r->loss, v->t, v->m);
    if (!isfinite(loss)) {
        char why[256];
        snprintf(why, sizeof why, "diverged at step %ld (the loss is %s); lower the learning rate", t + 1,
                 isnan(loss) ? "nan" : "inf");
        return fail(r, why);
    }
    optim_step(r->o, net_params(r->net), net_grad(r->net), lr, t + 1);
    net_params_changed(r->net);
    return 0;
}

static int train(nrun *r, result *res)
{
    const backend_run *b = r->b;
    memcpy(res->p0, r->freq, (size_t)r->K * sizeof *r->freq);
    if (record(r, res, 0) != 0)
        return -1;
    for (long t = 0; t < b->steps; t++) {
        if (train_step(r, t) != 0)
            return -1;
        if (backend_records(b, t + 1) && record(r, res, t + 1) != 0)
            return -1;
        if ((t & (PROGRESS_EVERY - 1)) == 0) {
            progress_update(b->prog, (double)t, (double)b->steps);
            if (backend_cancelled(b) != 0)
                return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ setup */

static int alloc_run(nrun *r)
{
    int ok = 1, nall = r->b->nall;
    r->freq = zalloc((size_t)r->K, sizeof(double), &ok);
    r->uall = zalloc((size_t)nall, sizeof(double), &ok);
    r->lvlall = zalloc((size_t)nall, sizeof(double), &ok);
    r->pall = zalloc((size_t)nall, sizeof(double), &ok);
    r->loss0 = zalloc((size_t)r->K, sizeof(double), &ok);
    r->rng = gsl_rng_alloc(gsl_rng_mt19937);
    r->init_rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!ok || !r->rng || !r->init_rng)
        return fail(r, "out of memory");
    gsl_rng_set(r->rng, vectors_stream_seed(r->set->seed, STREAM_DATA));
    gsl_rng_set(r->init_rng, vectors_stream_seed(r->set->seed, STREAM_INIT));
    for (int i = 0; i < nall; i++)
        r->uall[i] = 1;
    r->env = (expr_env){r->b->params, 0, r->uall, r->lvlall, r->pall, &r->cache};
    for (int k = 0; k < r->K; k++)
        r->dynamic |= !expr_is_constant(r->b->freq[r->b->skills[k]]);
    return 0;
}

static int alloc_stats(nrun *r)
{
    int ok = 1;
    size_t outputs = (size_t)r->data->noutputs;
    r->loss_k = zalloc(outputs > (size_t)r->K ? outputs : (size_t)r->K, sizeof(double), &ok);
    r->acc_k = zalloc(outputs > (size_t)r->K ? outputs : (size_t)r->K, sizeof(double), &ok);
    r->sel = zalloc((size_t)r->data->n, 1, &ok);
    return ok ? 0 : fail(r, "out of memory");
}

static int setup(nrun *r, const backend_run *b, const network_optimizer *opt)
{
    memset(r, 0, sizeof *r);
    r->b = b;
    r->set = b->set;
    r->opt = opt;
    r->K = b->K;
    r->loss = loss_of(b->set);
    r->tcols = r->set->task == NET_TASK_MODULAR ? 1 : r->set->task == NET_TASK_MULTITASK ? 1 : r->K;
    if (alloc_run(r) != 0 || frequencies(r, 0) != 0 || make_data(r) != 0 || split(r) != 0 ||
        alloc_batch(r) != 0 || alloc_stats(r) != 0)
        return -1;
    return make_net(r);
}

static void teardown(nrun *r)
{
    view_free(&r->train);
    view_free(&r->test);
    view_free(&r->batch);
    netdata_free(r->data);
    net_free(r->net);
    optim_free(r->o);
    if (r->rng)
        gsl_rng_free(r->rng);
    if (r->init_rng)
        gsl_rng_free(r->init_rng);
    free(r->freq);
    free(r->uall);
    free(r->lvlall);
    free(r->pall);
    free(r->bits);
    free(r->nbitsof);
    free(r->needs);
    free(r->nneeds);
    free(r->trainrows);
    free(r->testrows);
    free(r->perm);
    free(r->loss_k);
    free(r->acc_k);
    free(r->loss0);
    free(r->sel);
}

/* A result with the series this run records. */
static result *new_result(nrun *r)
{
    result *res = result_new(r->b->model, r->K, backend_names(r->b), 0);
    r->s_loss = result_add_series(res, "train_loss");
    r->s_acc = r->set->task != NET_TASK_REGRESSION ? result_add_series(res, "train_acc") : -1;
    r->s_test = r->ntest <= 0 ? -1
              : result_add_series(res, r->set->task == NET_TASK_REGRESSION ? "test_loss" : "test_acc");
    return res;
}

int network_run(const backend_run *b, const network_optimizer *opt, result **out)
{
    nrun r;
    result *res = NULL;
    int rc = setup(&r, b, opt);
    if (rc == 0) {
        res = new_result(&r);
        rc = train(&r, res);
    }
    teardown(&r);
    if (rc != 0) {
        result_free(res);
        return -1;
    }
    *out = res;
    return 0;
}
