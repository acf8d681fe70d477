/* netpass_real.h - the passes in one precision: included by netpass.c with
 * REAL, NAME, GEMM, GEMV, AXPY, VEXP, ERF, TANH, THETA and GRAD defined,
 * which it undefines at the end. */

VECTOR_CLONES static void NAME(from_double)(REAL *restrict to, const double *restrict from, size_t count)
{
    for (size_t i = 0; i < count; i++)
        to[i] = (REAL)from[i];
}

VECTOR_CLONES static void NAME(to_double)(double *restrict to, const REAL *restrict from, size_t count)
{
    for (size_t i = 0; i < count; i++)
        to[i] = from[i];
}

/* Rows R0 to R1 of the first layer's input: X converted, or the tokens'
 * embeddings.  The input itself (double passes read X in place). */
static const REAL *NAME(input)(net *n, long r0, long r1)
{
    const net_spec *s = &n->spec;
    REAL *a = n->act[0];
    if (!a)
        return (const REAL *)(const void *)n->input;
    size_t width = (size_t)s->width[0];
    if (s->vocab > 0) {
        const REAL *E = THETA(n);
        size_t row = (size_t)s->dim * sizeof *a;
        for (size_t i = (size_t)r0 * (size_t)s->ntokens; i < (size_t)r1 * (size_t)s->ntokens; i++)
            memcpy(a + i * (size_t)s->dim, E + (size_t)n->tokens[i] * (size_t)s->dim, row);
    } else {
        NAME(from_double)(a + (size_t)r0 * width, n->input + (size_t)r0 * width,
                          (size_t)(r1 - r0) * width);
    }
    return a;
}

/* Rows R0 to R1 of Z = A W^T + b, block by block. */
static void NAME(dense)(const net *n, const net_layer *L, const REAL *A, REAL *Z, long r0, long r1)
{
    const REAL *W = THETA(n) + L->w, *b = THETA(n) + L->b;
    int rows = (int)(r1 - r0);
    for (long i = r0; i < r1; i++)
        memcpy(Z + (size_t)i * (size_t)L->out, b, (size_t)L->out * sizeof *Z);
    A += (size_t)r0 * (size_t)L->in;
    Z += (size_t)r0 * (size_t)L->out;
    for (int g = 0; g < n->nblocks; g++)
        if (L->out_of[g] > 0 && L->in_of[g] > 0)
            GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, rows, L->out_of[g], L->in_of[g], 1,
                 A + L->in_at[g], L->in, W + (size_t)L->out_at[g] * (size_t)L->in + (size_t)L->in_at[g],
                 L->in, 1, Z + L->out_at[g], L->out);
}

/* Z becomes act(Z), D act'(Z). */
VECTOR_CLONES static void NAME(activate)(net_activation f, REAL *restrict Z, REAL *restrict D, size_t count)
{
    switch (f) {
    case NET_RELU:
        for (size_t i = 0; i < count; i++) {
            REAL z = Z[i];
            D[i] = z > 0 ? 1 : 0;
            Z[i] = z > 0 ? z : 0;
        }
        break;
    case NET_SILU:
        for (size_t i = 0; i < count; i++) {
            REAL z = Z[i], sig = 1 / (1 + VEXP(-z));
            Z[i] = z * sig;
            D[i] = sig * (1 + z * (1 - sig));
        }
        break;
    case NET_TANH:
        for (size_t i = 0; i < count; i++) {
            REAL h = TANH(Z[i]);
            Z[i] = h;
            D[i] = 1 - h * h;
        }
        break;
    case NET_GELU:              /* PyTorch's exact form: z Phi(z) */
        for (size_t i = 0; i < count; i++) {
            REAL z = Z[i], cdf = (REAL)0.5 * (1 + ERF(z * (REAL)M_SQRT1_2));
            Z[i] = z * cdf;
            D[i] = cdf + z * VEXP((REAL)-0.5 * z * z) * (REAL)(M_2_SQRTPI * M_SQRT1_2 * 0.5);
        }
        break;
    }
}

/* The forward pass of one half of the samples, every layer. */
static void NAME(forward_half)(void *arg)
{
    const net_job *job = arg;
    net *n = job->n;
    long r0, r1;
    net_half_range(n->n, job->half, &r0, &r1);
    if (r1 <= r0)
        return;
    const REAL *A = NAME(input)(n, r0, r1);
    for (int l = 0; l < n->nlayers; l++) {
        const net_layer *L = &n->layer[l];
        REAL *Z = n->act[l + 1];
        NAME(dense)(n, L, A, Z, r0, r1);
        size_t at = (size_t)r0 * (size_t)L->out, count = (size_t)(r1 - r0) * (size_t)L->out;
        if (l + 1 < n->nlayers)
            NAME(activate)(n->spec.activation, Z + at, (REAL *)n->slope[l + 1] + at, count);
        A = Z;
    }
    if ((void *)n->out != n->act[n->nlayers]) {
        size_t at = (size_t)r0 * (size_t)n->outputs;
        NAME(to_double)(n->out + at, (const REAL *)n->act[n->nlayers] + at,
                        (size_t)(r1 - r0) * (size_t)n->outputs);
    }
}

void NAME(net_forward)(net *n)
{
    net_both_halves(n, NAME(forward_half), 0);
}

/* Samples R0 to R1's share of dW = dZ^T A (zero outside the blocks) and
 * of db = the column sums of dZ, into GW and GB.  The halves split the
 * samples: each packs its own rows of dZ and A once, and the two shares
 * are added in a fixed order. */
static void NAME(weight_grad)(const net *n, const net_layer *L, const REAL *dZ, const REAL *A, long r0, long r1,
                              REAL *gW, REAL *gb)
{
    int rows = (int)(r1 - r0);
    if (n->ngroups > 0 || rows == 0)
        memset(gW, 0, (size_t)L->out * (size_t)L->in * sizeof *gW);
    if (rows == 0) {
        memset(gb, 0, (size_t)L->out * sizeof *gb);
        return;
    }
    dZ += (size_t)r0 * (size_t)L->out;
    A += (size_t)r0 * (size_t)L->in;
    GEMV(CblasRowMajor, CblasTrans, rows, L->out, 1, dZ, L->out, n->ones, 1, 0, gb, 1);
    for (int g = 0; g < n->nblocks; g++)
        if (L->out_of[g] > 0 && L->in_of[g] > 0)
            GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, L->out_of[g], L->in_of[g], rows, 1, dZ + L->out_at[g],
                 L->out, A + L->in_at[g], L->in, 0,
                 gW + (size_t)L->out_at[g] * (size_t)L->in + (size_t)L->in_at[g], L->in);
}

VECTOR_CLONES static void NAME(add)(REAL *restrict a, const REAL *restrict b, size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] += b[i];
}

/* Rows R0 to R1 of dA = dZ W, block by block. */
static void NAME(input_grad)(const net *n, const net_layer *L, const REAL *dZ, REAL *dA, long r0, long r1)
{
    const REAL *W = THETA(n) + L->w;
    dZ += (size_t)r0 * (size_t)L->out;
    dA += (size_t)r0 * (size_t)L->in;
    for (int g = 0; g < n->nblocks; g++) {
        if (L->in_of[g] == 0)
            continue;
        if (L->out_of[g] == 0) {
            for (long i = 0; i < r1 - r0; i++)
                memset(dA + (size_t)i * (size_t)L->in + (size_t)L->in_at[g], 0,
                       (size_t)L->in_of[g] * sizeof *dA);
            continue;
        }
        GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(r1 - r0), L->in_of[g], L->out_of[g], 1,
             dZ + L->out_at[g], L->out, W + (size_t)L->out_at[g] * (size_t)L->in + (size_t)L->in_at[g],
             L->in, 0, dA + L->in_at[g], L->in);
    }
}

VECTOR_CLONES static void NAME(times)(REAL *restrict a, const REAL *restrict b, size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] *= b[i];
}

/* One half of layer JOB->layer's backward step, for half of the samples:
 * their share of the weight gradients (the upper half's into n->partial),
 * and the gradient by
 * its input (times the previous layer's slope), into n->delta_in. */
static void NAME(backward_half)(void *arg)
{
    const net_job *job = arg;
    net *n = job->n;
    const net_layer *L = &n->layer[job->layer];
    const REAL *dZ = n->delta;
    const REAL *A = job->layer > 0 ? n->act[job->layer] : NAME(input)(n, 0, 0);
    long r0, r1;
    net_half_range(n->n, job->half, &r0, &r1);
    REAL *gW = job->half ? (REAL *)n->partial : GRAD(n) + L->w;
    NAME(weight_grad)(n, L, dZ, A, r0, r1, gW, gW + (job->half ? (size_t)L->out * (size_t)L->in : L->b - L->w));
    if ((job->layer == 0 && n->spec.vocab == 0) || r1 <= r0)
        return;
    NAME(input_grad)(n, L, dZ, n->delta_in, r0, r1);
    if (job->layer > 0)
        NAME(times)((REAL *)n->delta_in + (size_t)r0 * (size_t)L->in,
                    (const REAL *)n->slope[job->layer] + (size_t)r0 * (size_t)L->in,
                    (size_t)(r1 - r0) * (size_t)L->in);
}

/* The embedding's gradient for half of the vocabulary: each token's slice
 * of dA added to its row, the tokens in order. */
static void NAME(scatter_half)(void *arg)
{
    const net_job *job = arg;
    const net *n = job->n;
    const net_spec *s = &n->spec;
    const REAL *dA = n->delta_in;
    REAL *gE = GRAD(n);
    long v0, v1;
    net_half_range(s->vocab, job->half, &v0, &v1);
    memset(gE + (size_t)v0 * (size_t)s->dim, 0, (size_t)(v1 - v0) * (size_t)s->dim * sizeof *gE);
    for (size_t i = 0; i < (size_t)n->n * (size_t)s->ntokens; i++)
        if (n->tokens[i] >= v0 && n->tokens[i] < v1)
            AXPY(s->dim, 1, dA + i * (size_t)s->dim, 1, gE + (size_t)n->tokens[i] * (size_t)s->dim, 1);
}

void NAME(net_backward)(net *n)
{
    NAME(from_double)(n->delta, n->dout, (size_t)n->n * (size_t)n->outputs);
    for (int l = n->nlayers - 1; l >= 0; l--) {
        const net_layer *L = &n->layer[l];
        net_both_halves(n, NAME(backward_half), l);
        NAME(add)(GRAD(n) + L->w, n->partial, (size_t)L->out * (size_t)L->in + (size_t)L->out);
        void *t = n->delta;
        n->delta = n->delta_in;
        n->delta_in = t;
    }
    if (n->spec.vocab > 0) {
        void *t = n->delta;     /* the first layer's dA, swapped into delta above */
        n->delta = n->delta_in;
        n->delta_in = t;
        net_both_halves(n, NAME(scatter_half), 0);
    }
}

#undef REAL
#undef NAME
#undef GEMM
#undef GEMV
#undef AXPY
#undef VEXP
#undef ERF
#undef TANH
#undef THETA
#undef GRAD
