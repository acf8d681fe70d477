#include "geometry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "batchdraw.h"
#include "builtins.h"
#include "kernels.h"
#include "kernels32.h"
#include "numfmt.h"
#include "twin.h"
#include "vectors.h"

enum { STREAM_VECTORS = 0, STREAM_BATCH = 1, STREAM_NOISE = 2, PROGRESS_EVERY = 64 };

/* Models this large (K x n) use a second core for half of each gradient. */
#define TWIN_FROM 20000.0

/* The skills drawn in a step are split into two parts of the drawing
 * order (first part, second part); each part's gradient is summed apart
 * and the two are added, always, so the numbers are the same whether a
 * second thread computes the upper part or not.  Splitting the drawn list
 * rather than the skill indices keeps the parts even under Zipf
 * frequencies, where low indices are drawn far more often.  With exact
 * frequencies (batch = 0) every skill is "drawn" in index order, so the
 * parts are the skills below and above K / 2.  The update is split too,
 * by coordinates (lo, hi), which changes no number: it is elementwise. */
typedef struct half {
    struct gmodel *m;
    int *rows, nrows;           /* this part's skills, pointing into the batch's drawn list */
    int draw;                   /* 1: also draw the next step's batch, before the rows */
    int lo, hi;                 /* this part's coordinates of the update */
    double *g;                  /* this part's gradient */
    float *g32;                 /* the same in single precision */
    double *coef;               /* scratch for kernel_rows: K coefficients */
    const float **used;         /* and K row pointers */
    double loss_sum;            /* reweight = loss: sum of w_i L(s_i) over this part's rows */
} half;

/* One step's batch: the skills drawn, in order of first draw, their
 * counts and weights (counts / B).  Two of them, so that the next step's
 * batch can be drawn while this step's gradient is taken. */
typedef struct batchset {
    int *drawn, ndrawn;
    unsigned int *counts;
    double *w;
} batchset;

typedef struct gmodel {
    const backend_run *b;
    const ir_settings *set;
    const geometry_optimizer *gopt;
    int K, n, ce, batch, reweight;
    double noise;
    double gscale;              /* the gradient's factor: 1, or 1 / the batch's mean loss */
    float *T;                   /* K rows of n task-vector floats, STRIDE floats apart */
    int stride;                 /* n (double precision, kernels.h) or padded (kernels32.h) */
    const kernel32_ops *k32;    /* single precision's kernels; NULL in double precision */
    float *theta32, *s32;       /* theta rounded to float32 after each update; levels */
    double *theta, *g, *s, *p;
    int g_summed;               /* g holds this step's whole gradient (else the update adds the parts) */
    batchset sets[2], *now, *next;      /* this step's batch and the next one's */
    half lower, upper;
    twin *tw;
    gsl_ran_discrete_t *table;  /* Walker's alias table of p, for drawing batches */
    batchdraw batch_stream;     /* GSL's mt19937 stream of the batches */
    gsl_rng *noise_rng;
    optim *opt;
    double lr_now;              /* this step's learning rate and count, for apply_update */
    long t_now;
    expr_env env;
    double *pall;               /* frequencies indexed by program skill */
    double *uall, *lvlall;      /* u(X) and s(X) indexed by program skill */
    int *read, nread;           /* the model's skills whose state frequencies read */
    dist_cache cache;
} gmodel;

double geometry_bytes(int K, double dim)
{
    return (double)K * dim * sizeof(double);
}

double *geometry_vectors(const ir_settings *set, int K, char *err, size_t errlen)
{
    int n = (int)set->dim;
    double *T = malloc(((size_t)K * n + 1) * sizeof *T);
    if (!T) {
        snprintf(err, errlen, "cannot allocate %d x %d task vectors", K, n);
        return NULL;
    }
    if (set->vectors == VEC_MATRIX) {
        memcpy(T, set->vector_matrix.u.obj->u.mat.x, (size_t)K * n * sizeof *T);
        return T;
    }
    if (set->vectors == VEC_CORRELATION) {
        if (vectors_from_correlation(set->vector_matrix.u.obj->u.mat.x, T, K, n, (uint64_t)set->seed, err,
                                     errlen) == 0)
            return T;
        free(T);
        return NULL;
    }
    if (vectors_fill(set->vectors, T, K, n, (uint64_t)set->seed, err, errlen) != 0) {
        free(T);
        return NULL;
    }
    return T;
}

/* L'(s): the derivative of the per-skill loss. */
static double loss_slope(const gmodel *m, double s)
{
    return m->ce ? -builtin_sigmoid(-s) : -2 * (1 - s);
}

static double loss_value(const gmodel *m, double s)
{
    if (!m->ce)
        return (1 - s) * (1 - s);
    return s > 0 ? log1p(exp(-s)) : -s + log1p(exp(s));
}

/* u(X) and s(X) as frequencies read them: the level t_i . theta (mse) or
 * sigmoid of it (ce), and the unskill 1 - level, like the Resource model's. */
static void read_state(gmodel *m)
{
    for (int r = 0; r < m->nread; r++) {
        int k = m->read[r], i = m->b->skills[k];
        const float *row = m->T + (size_t)k * m->stride;
        double s = m->k32 ? m->k32->dot(row, m->theta32, m->stride) : kernel_dot(row, m->theta, m->n);
        m->lvlall[i] = m->ce ? builtin_sigmoid(s) : s;
        m->uall[i] = m->ce ? builtin_sigmoid(-s) : 1 - s;
    }
}

/* Frequencies now (they may follow t or the state), normalised. */
static int update_frequencies(gmodel *m, double t, int dynamic)
{
    const backend_run *b = m->b;
    if (!dynamic && t > 0)
        return 0;
    m->env.t = t;
    read_state(m);
    double total = 0;
    for (int k = 0; k < m->K; k++) {
        double p = expr_eval(b->freq[b->skills[k]], &m->env);
        if (!(p >= 0) || !isfinite(p)) {
            char buf[NUMFMT_MAX];
            snprintf(b->err, b->errlen, "in model '%s' at step %.0f, the frequency of '%s' is %s; "
                     "frequencies must be finite and not negative", b->model, t, b->names[k],
                     numfmt(buf, p));
            return -1;
        }
        m->p[k] = p;
        m->pall[b->skills[k]] = p;
        total += p;
    }
    if (!(total > 0)) {
        snprintf(b->err, b->errlen, "model '%s': all frequencies are 0 at step %.0f", b->model, t);
        return -1;
    }
    for (int k = 0; k < m->K; k++)
        m->p[k] /= total;
    if (m->batch > 0) {
        if (m->table)
            gsl_ran_discrete_free(m->table);
        m->table = gsl_ran_discrete_preproc((size_t)m->K, m->p);
    }
    return 0;
}

/* Rough costs on one core, in picoseconds, of a drawn row's level and
 * axpy in single precision (per float of the row, and per row) and of a
 * drawn sample: when the upper part's thread also draws the next batch,
 * the lower part takes more rows, so that both finish together.  Fixed
 * numbers, not timings, so the split, and with it every bit, is the same
 * on every machine and for every number of threads. */
enum { ROW_PS_PER_FLOAT = 93, ROW_PS = 7000, DRAW_PS = 6500 };

/* The two parts of this step's rows; DRAWING: the upper part also draws
 * the next batch (single precision only: double precision keeps its
 * halves, and its numbers). */
static void split_drawn(gmodel *m, int drawing)
{
    int ndrawn = m->now->ndrawn, nlower = ndrawn / 2;
    if (m->k32 && drawing) {
        long long row = ROW_PS + (long long)ROW_PS_PER_FLOAT * m->stride;
        long long total = (long long)ndrawn * row + (long long)m->batch * DRAW_PS;
        nlower = total / (2 * row) < ndrawn ? (int)(total / (2 * row)) : ndrawn;
    }
    m->lower.rows = m->now->drawn;
    m->lower.nrows = nlower;
    m->upper.rows = m->now->drawn + nlower;
    m->upper.nrows = ndrawn - nlower;
    m->upper.draw = drawing;
}

/* A step's weights into BS: the frequencies, or a batch's counts / B,
 * drawn one by one from the alias table (O(B), not O(K), a step). */
static void draw_weights(gmodel *m, batchset *bs)
{
    for (int r = 0; r < bs->ndrawn; r++)
        bs->counts[bs->drawn[r]] = 0;
    bs->ndrawn = 0;
    if (m->batch == 0) {
        for (int k = 0; k < m->K; k++) {
            bs->w[k] = m->p[k];
            bs->drawn[bs->ndrawn++] = k;
        }
        return;
    }
    int chunk[256], ndrawn = 0, *drawn = bs->drawn;
    unsigned int *counts = bs->counts;
    for (int done = 0; done < m->batch; done += (int)(sizeof chunk / sizeof *chunk)) {
        int count = m->batch - done < 256 ? m->batch - done : 256;
        batchdraw_draw(&m->batch_stream, m->table, count, chunk);
        for (int b = 0; b < count; b++) {      /* a skill's first draw lists it; no branch */
            drawn[ndrawn] = chunk[b];
            ndrawn += counts[chunk[b]]++ == 0;
        }
    }
    bs->ndrawn = ndrawn;
    for (int r = 0; r < ndrawn; r++)
        bs->w[drawn[r]] = (double)counts[drawn[r]] / m->batch;
}

/* Whether step T (from 0) reweights: reweight = loss, in its first
 * reweight_steps steps (0: every step). */
static int reweights_at(const ir_settings *set, long t)
{
    return set->reweight == REWEIGHT_LOSS && (set->reweight_steps == 0 || (double)t < set->reweight_steps);
}

/* A drawn row's weight in the gradient: w_i, or with reweight = loss
 * w_i L(s_i), its own loss a constant (no gradient through the weight);
 * the part sums these for the batch's mean loss, by which the summed
 * gradient is divided (loss_scale). */
static double row_weight(half *h, int row, double s)
{
    const gmodel *m = h->m;
    double w = m->now->w[row];
    if (!m->reweight)
        return w;
    w *= loss_value(m, s);
    h->loss_sum += w;
    return w;
}

static double row_coef(void *ctx, int row, double s)
{
    half *h = ctx;
    return row_weight(h, row, s) * loss_slope(h->m, s);
}

/* The same in single precision for up to eight rows, the cross-entropy
 * slope with no libm call (kernels32.h). */
static void row_coef32(void *ctx, const int *rows, const float *s, float *c, int count)
{
    half *h = ctx;
    const gmodel *m = h->m;
    float minus_s[8] = {0}, sigma[8];
    for (int i = 0; i < count; i++)
        minus_s[i] = -s[i];
    if (m->ce)
        m->k32->logistic8(minus_s, sigma);
    for (int i = 0; i < count; i++) {
        double slope = m->ce ? -(double)sigma[i] : -2 * (1 - (double)s[i]);
        c[i] = (float)(row_weight(h, rows[i], (double)s[i]) * slope);
    }
}

static void half_gradient(void *arg)
{
    half *h = arg;
    gmodel *m = h->m;
    if (h->draw)
        draw_weights(m, m->next);
    h->loss_sum = 0;
    if (m->k32) {
        memset(h->g32, 0, (size_t)m->stride * sizeof *h->g32);
        m->k32->rows(m->T, m->stride, h->rows, h->nrows, m->theta32, row_coef32, h, h->g32);
        return;
    }
    memset(h->g, 0, (size_t)m->n * sizeof *h->g);
    kernel_rows(m->T, m->n, h->rows, h->nrows, m->theta, row_coef, h, h->g, h->coef, h->used);
}

/* g over coordinates [LO, HI): the two parts added (and, reweighted,
 * divided by the batch's mean loss). */
static void sum_parts(gmodel *m, int lo, int hi)
{
    if (m->k32)
        for (int j = lo; j < hi; j++)
            m->g[j] = (double)m->lower.g32[j] + (double)m->upper.g32[j];
    else
        for (int j = lo; j < hi; j++)
            m->g[j] = m->lower.g[j] + m->upper.g[j];
    if (m->reweight)
        for (int j = lo; j < hi; j++)
            m->g[j] *= m->gscale;
}

/* reweight = loss: 1 / sum_i w_i L(s_i) over the drawn rows, the batch's
 * mean loss, so the weights L(s_i) / mean average 1 over the batch; 0 if
 * every drawn skill's loss is 0 (its gradient is 0 too). */
static double loss_scale(const gmodel *m)
{
    double mean = m->lower.loss_sum + m->upper.loss_sum;
    return mean > 0 ? 1 / mean : 0;
}

/* g = sum over drawn skills of w_i L'(t_i . theta) t_i, plus noise; with
 * DRAW, the next step's batch is drawn beside it.  The parts are added
 * here only if WHOLE (g is read before the update) or for the noise,
 * whose draws go through the coordinates in order; else by the update. */
static void gradient(gmodel *m, int draw, int whole)
{
    split_drawn(m, draw);
    if (m->tw) {
        twin_run(m->tw, half_gradient, &m->upper);
        half_gradient(&m->lower);
        twin_wait(m->tw);
    } else {
        half_gradient(&m->lower);
        half_gradient(&m->upper);
    }
    m->gscale = m->reweight ? loss_scale(m) : 1;
    m->g_summed = whole || m->noise > 0;
    if (!m->g_summed)
        return;
    sum_parts(m, 0, m->n);
    if (m->noise > 0)
        for (int j = 0; j < m->n; j++)
            m->g[j] += m->noise * gsl_ran_gaussian_ziggurat(m->noise_rng, 1.0);
}

/* align_i = #{j : t_ij * (-g_j) > 0}: the coordinates where the descent
 * direction raises skill i (the reference code's n_used). */
static void alignment(const gmodel *m, double *out)
{
    for (int k = 0; k < m->K; k++) {
        const float *row = m->T + (size_t)k * m->stride;
        int count = 0;
        for (int j = 0; j < m->n; j++)
            count += row[j] * -m->g[j] > 0;
        out[k] = count;
    }
}

static void record(gmodel *m, result *r, long step)
{
    if (m->k32) {
        m->k32->levels(m->T, m->stride, m->K, m->theta32, m->s32);
        for (int k = 0; k < m->K; k++)
            m->s[k] = m->s32[k];
    } else {
        for (int k = 0; k < m->K; k++)
            m->s[k] = kernel_dot(m->T + (size_t)k * m->n, m->theta, m->n);
    }
    double loss = 0;
    for (int k = 0; k < m->K; k++)
        loss += m->p[k] * loss_value(m, m->s[k]);
    double *row = result_add_row(r, (double)step, loss, NULL);
    for (int k = 0; k < m->K; k++)
        row[k] = m->ce ? builtin_sigmoid(m->s[k]) : m->s[k];
}

/* COUNT floats, zero, on a cache line (padded rows stay aligned). */
static float *floats_zeroed(size_t count)
{
    size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
    float *x = aligned_alloc(64, bytes ? bytes : 64);
    if (x)
        memset(x, 0, bytes);
    return x;
}

/* Single precision's copies: theta, each half's gradient, the levels. */
static int alloc_single(gmodel *m)
{
    m->theta32 = floats_zeroed((size_t)m->stride);
    m->s32 = floats_zeroed((size_t)m->K + 1);
    m->lower.g32 = floats_zeroed((size_t)m->stride);
    m->upper.g32 = floats_zeroed((size_t)m->stride);
    return m->theta32 && m->s32 && m->lower.g32 && m->upper.g32 ? 0 : -1;
}

static int alloc_model(gmodel *m)
{
    size_t K = (size_t)m->K + 1, n = (size_t)m->n + 1;
    m->theta = calloc(n, sizeof *m->theta);
    m->g = calloc(n, sizeof *m->g);
    m->s = calloc(K, sizeof *m->s);
    int middle = m->n / 2 / 8 * 8;      /* even, for the optimizers' pairs; a float32 block */
    for (int h = 0; h < 2; h++)
        *(h ? &m->upper : &m->lower) = (half){m, NULL, 0, 0, h ? middle : 0, h ? m->n : middle,
                                             calloc(n, sizeof(double)), NULL,
                                             calloc(K, sizeof(double)), calloc(K, sizeof(float *)), 0};
    int sets_ok = 1;
    for (int i = 0; i < 2; i++) {
        batchset *bs = &m->sets[i];
        bs->drawn = calloc(K, sizeof *bs->drawn);
        bs->counts = calloc(K, sizeof *bs->counts);
        bs->w = calloc(K, sizeof *bs->w);
        sets_ok &= bs->drawn && bs->counts && bs->w;
    }
    m->now = &m->sets[0];
    m->next = &m->sets[1];
    m->p = calloc(K, sizeof *m->p);
    m->pall = calloc((size_t)m->b->nall + 1, sizeof *m->pall);
    m->uall = calloc((size_t)m->b->nall + 1, sizeof *m->uall);
    m->lvlall = calloc((size_t)m->b->nall + 1, sizeof *m->lvlall);
    m->read = calloc(K, sizeof *m->read);
    m->noise_rng = gsl_rng_alloc(gsl_rng_mt19937);
    m->opt = optim_new(&m->gopt->config, m->n);
    if (m->k32 && alloc_single(m) != 0)
        return -1;
    return sets_ok && m->theta && m->g && m->s && m->lower.g && m->lower.coef && m->lower.used &&
           m->upper.g && m->upper.coef && m->upper.used &&
           m->p && m->pall && m->uall && m->lvlall && m->read && m->noise_rng && m->opt ? 0 : -1;
}

static void free_model(gmodel *m)
{
    free(m->T);
    free(m->theta);
    free(m->theta32);
    free(m->s32);
    free(m->lower.g32);
    free(m->upper.g32);
    free(m->g);
    free(m->s);
    free(m->lower.g);
    free(m->lower.coef);
    free(m->lower.used);
    free(m->upper.g);
    free(m->upper.coef);
    free(m->upper.used);
    free(m->p);
    for (int i = 0; i < 2; i++) {
        free(m->sets[i].drawn);
        free(m->sets[i].counts);
        free(m->sets[i].w);
    }
    if (m->table)
        gsl_ran_discrete_free(m->table);
    twin_stop(m->tw);
    free(m->pall);
    free(m->uall);
    free(m->lvlall);
    free(m->read);
    if (m->noise_rng)
        gsl_rng_free(m->noise_rng);
    optim_free(m->opt);
}

/* The model's skills some frequency reads through u(X) or s(X); skills
 * outside the model keep u = 1, s = 0. */
static int list_read_skills(gmodel *m)
{
    const backend_run *b = m->b;
    int *model_index = malloc(((size_t)b->nall + 1) * sizeof *model_index);
    if (!model_index) {
        snprintf(b->err, b->errlen, "model '%s': out of memory", b->model);
        return -1;
    }
    for (int i = 0; i < b->nall; i++)
        model_index[i] = -1;
    for (int k = 0; k < m->K; k++)
        model_index[b->skills[k]] = k;
    for (int k = 0; k < m->K; k++) {
        const expr_prog *f = b->freq[b->skills[k]];
        for (int c = 0; c < f->n; c++) {
            const x_instr *in = &f->code[c];
            int read = (in->op == X_U || in->op == X_S) ? model_index[in->arg] : -1;
            if (read >= 0) {
                m->read[m->nread++] = read;
                model_index[in->arg] = -1;      /* listed once */
            }
        }
    }
    free(model_index);
    return 0;
}

static int setup(gmodel *m, const backend_run *b, const geometry_optimizer *opt)
{
    const ir_settings *set = b->set;
    memset(m, 0, sizeof *m);
    m->b = b;
    m->set = set;
    m->gopt = opt;
    m->K = b->K;
    m->n = (int)set->dim;
    m->ce = set->loss == LOSS_CE;
    m->batch = (int)set->batch;
    m->noise = set->noise;
    m->k32 = set->precision == PRECISION_SINGLE ? kernel32_best() : NULL;
    m->stride = m->k32 ? kernel32_stride(m->n) : m->n;
    double *T = NULL;
    if (alloc_model(m) != 0 || !(T = geometry_vectors(set, m->K, b->err, b->errlen)) ||
        !(m->T = floats_zeroed((size_t)m->K * m->stride + 1))) {
        free(T);
        if (!b->err[0])
            snprintf(b->err, b->errlen, "model '%s': out of memory", b->model);
        return -1;
    }
    for (size_t k = 0; k < (size_t)m->K; k++)
        for (size_t j = 0; j < (size_t)m->n; j++)
            m->T[k * m->stride + j] = (float)T[k * m->n + j];
    free(T);
    if (b->threads >= 2 && (double)m->K * m->n >= TWIN_FROM)
        m->tw = twin_start();
    batchdraw_seed(&m->batch_stream, vectors_stream_seed(set->seed, STREAM_BATCH));
    gsl_rng_set(m->noise_rng, vectors_stream_seed(set->seed, STREAM_NOISE));
    m->env = (expr_env){b->params, 0, m->uall, m->lvlall, m->pall, &m->cache};
    for (int i = 0; i < b->nall; i++)
        m->uall[i] = 1;
    for (int i = 0; i < b->nall; i++)       /* every skill's p at t = 0, as the Resource model */
        m->pall[i] = expr_eval(b->freq[i], &m->env);
    return list_read_skills(m);
}

/* The optimizer's step on one part's coordinates, and theta's float32
 * copy of them. */
static void half_update(void *arg)
{
    half *h = arg;
    gmodel *m = h->m;
    if (!m->g_summed)
        sum_parts(m, h->lo, h->hi);
    optim_step_range(m->opt, m->theta, m->g, m->lr_now, m->t_now, h->lo, h->hi);
    if (m->k32)
        for (int j = h->lo; j < h->hi; j++)
            m->theta32[j] = (float)m->theta[j];
}

static void update(gmodel *m)
{
    if (m->tw) {
        twin_run(m->tw, half_update, &m->upper);
        half_update(&m->lower);
        twin_wait(m->tw);
    } else {
        half_update(&m->lower);
        half_update(&m->upper);
    }
}

/* The recorded row of step t is the state after t updates; its align
 * comes from the gradient taken at that state, i.e. in the next step. */
static int steps(gmodel *m, result *r)
{
    const backend_run *b = m->b;
    int dynamic = 0;
    for (int k = 0; k < m->K; k++)
        dynamic |= !expr_is_constant(b->freq[b->skills[k]]);
    if (update_frequencies(m, 0, dynamic) != 0)
        return -1;
    memcpy(r->p0, m->p, (size_t)m->K * sizeof *m->p);
    record(m, r, 0);
    int align_row = r->align ? 0 : -1, predraw = !dynamic;
    for (long t = 0; t < b->steps; t++) {
        if (update_frequencies(m, (double)t, dynamic) != 0)
            return -1;
        if (!predraw || t == 0)
            draw_weights(m, m->now);
        m->reweight = reweights_at(m->set, t);
        gradient(m, predraw, align_row >= 0);
        if (align_row >= 0) {
            alignment(m, r->align + (size_t)align_row * m->K);
            align_row = -1;
        }
        m->env.t = (double)t;
        double lr = expr_eval(m->gopt->lr, &m->env);
        if (optim_lr_invalid(lr, 1)) {
            char buf[NUMFMT_MAX];
            snprintf(b->err, b->errlen, "in model '%s' at step %ld, the learning rate is %s; it must "
                     "be finite and not negative", b->model, t, numfmt(buf, lr));
            return -1;
        }
        m->lr_now = lr;
        m->t_now = t + 1;
        update(m);
        if (predraw) {
            batchset *drawn = m->next;
            m->next = m->now;
            m->now = drawn;
        }
        if (backend_records(b, t + 1)) {
            record(m, r, t + 1);
            if (r->align)
                align_row = r->nrec - 1;
            for (int j = 0; j < m->n && r->nrec; j++)
                if (!isfinite(m->theta[j])) {
                    snprintf(b->err, b->errlen, "model '%s' diverged by step %ld (a parameter is %s); "
                             "lower the learning rate", b->model, t + 1, isnan(m->theta[j]) ? "nan" : "inf");
                    return -1;
                }
        }
        if ((t & (PROGRESS_EVERY - 1)) == 0) {
            progress_update(b->prog, (double)t, (double)b->steps);
            if (backend_cancelled(b) != 0)
                return -1;
        }
    }
    if (align_row >= 0) {           /* the last row's gradient, not applied */
        if (!predraw)
            draw_weights(m, m->now);
        m->reweight = reweights_at(m->set, b->steps);
        gradient(m, 0, 1);
        alignment(m, r->align + (size_t)align_row * m->K);
    }
    return 0;
}

int geometry_run(const backend_run *b, const geometry_optimizer *opt, result **out)
{
    gmodel m;
    int rc = setup(&m, b, opt);
    result *r = rc == 0 ? result_new(b->model, b->K, backend_names(b), b->set->record_align) : NULL;
    if (rc == 0)
        rc = steps(&m, r);
    free_model(&m);
    if (rc != 0) {
        result_free(r);
        return -1;
    }
    *out = r;
    return 0;
}
