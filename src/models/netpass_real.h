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

/* The first layer's input: X converted, or the tokens' embeddings. */
static const REAL *NAME(input)(net *n, long N)
{
    const net_spec *s = &n->spec;
    REAL *a = n->act[0];
    if (s->vocab > 0) {
        const REAL *E = THETA(n);
        size_t row = (size_t)s->dim * sizeof *a;
        for (size_t i = 0; i < (size_t)N * (size_t)s->ntokens; i++)
            memcpy(a + i * (size_t)s->dim, E + (size_t)n->tokens[i] * (size_t)s->dim, row);
        return a;
    }
    if (!a)                     /* double passes read X in place */
        return (const REAL *)(const void *)n->input;
    NAME(from_double)(a, n->input, (size_t)N * (size_t)s->width[0]);
    return a;
}

/* Z = A W^T + b, block by block for a modular layer. */
static void NAME(dense)(const net *n, const net_layer *L, const REAL *A, REAL *Z, long N)
{
    const REAL *W = THETA(n) + L->w, *b = THETA(n) + L->b;
    for (long i = 0; i < N; i++)
        memcpy(Z + (size_t)i * (size_t)L->out, b, (size_t)L->out * sizeof *Z);
    if (n->ngroups == 0) {
        GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, (int)N, L->out, L->in, 1, A, L->in, W, L->in,
             1, Z, L->out);
        return;
    }
    for (int g = 0; g < n->ngroups; g++)
        if (L->out_of[g] > 0 && L->in_of[g] > 0)
            GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, (int)N, L->out_of[g], L->in_of[g], 1,
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

void NAME(net_forward)(net *n, long N)
{
    const REAL *A = NAME(input)(n, N);
    for (int l = 0; l < n->nlayers; l++) {
        const net_layer *L = &n->layer[l];
        REAL *Z = n->act[l + 1];
        NAME(dense)(n, L, A, Z, N);
        if (l + 1 < n->nlayers)
            NAME(activate)(n->spec.activation, Z, n->slope[l + 1], (size_t)N * (size_t)L->out);
        A = Z;
    }
    if ((void *)n->out != n->act[n->nlayers])
        NAME(to_double)(n->out, n->act[n->nlayers], (size_t)N * (size_t)n->outputs);
}

/* dW = dZ^T A (zero outside the blocks) and db = the column sums of dZ. */
static void NAME(weight_grad)(const net *n, const net_layer *L, const REAL *dZ, const REAL *A, long N)
{
    REAL *gW = GRAD(n) + L->w, *gb = GRAD(n) + L->b;
    GEMV(CblasRowMajor, CblasTrans, (int)N, L->out, 1, dZ, L->out, n->ones, 1, 0, gb, 1);
    if (n->ngroups == 0) {
        GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, L->out, L->in, (int)N, 1, dZ, L->out, A, L->in,
             0, gW, L->in);
        return;
    }
    memset(gW, 0, (size_t)L->out * (size_t)L->in * sizeof *gW);
    for (int g = 0; g < n->ngroups; g++)
        if (L->out_of[g] > 0 && L->in_of[g] > 0)
            GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, L->out_of[g], L->in_of[g], (int)N, 1,
                 dZ + L->out_at[g], L->out, A + L->in_at[g], L->in, 0,
                 gW + (size_t)L->out_at[g] * (size_t)L->in + (size_t)L->in_at[g], L->in);
}

/* dA = dZ W, block by block for a modular layer. */
static void NAME(input_grad)(const net *n, const net_layer *L, const REAL *dZ, REAL *dA, long N)
{
    const REAL *W = THETA(n) + L->w;
    if (n->ngroups == 0) {
        GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)N, L->in, L->out, 1, dZ, L->out, W, L->in,
             0, dA, L->in);
        return;
    }
    for (int g = 0; g < n->ngroups; g++) {
        if (L->in_of[g] == 0)
            continue;
        if (L->out_of[g] == 0) {
            for (long i = 0; i < N; i++)
                memset(dA + (size_t)i * (size_t)L->in + (size_t)L->in_at[g], 0,
                       (size_t)L->in_of[g] * sizeof *dA);
            continue;
        }
        GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)N, L->in_of[g], L->out_of[g], 1,
             dZ + L->out_at[g], L->out, W + (size_t)L->out_at[g] * (size_t)L->in + (size_t)L->in_at[g],
             L->in, 0, dA + L->in_at[g], L->in);
    }
}

/* The embedding's gradient: each token's slice of dA added to its row. */
static void NAME(scatter)(const net *n, const REAL *dA, long N)
{
    const net_spec *s = &n->spec;
    REAL *gE = GRAD(n);
    memset(gE, 0, n->embedding_size * sizeof *gE);
    for (size_t i = 0; i < (size_t)N * (size_t)s->ntokens; i++)
        AXPY(s->dim, 1, dA + i * (size_t)s->dim, 1, gE + (size_t)n->tokens[i] * (size_t)s->dim, 1);
}

VECTOR_CLONES static void NAME(times)(REAL *restrict a, const REAL *restrict b, size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] *= b[i];
}

void NAME(net_backward)(net *n)
{
    long N = n->n;
    REAL *dZ = n->delta, *dA = n->delta_in;
    NAME(from_double)(dZ, n->dout, (size_t)N * (size_t)n->outputs);
    for (int l = n->nlayers - 1; l >= 0; l--) {
        const net_layer *L = &n->layer[l];
        const REAL *A = l > 0 || n->act[0] ? n->act[l] : (const REAL *)(const void *)n->input;
        NAME(weight_grad)(n, L, dZ, A, N);
        if (l == 0 && n->spec.vocab == 0)
            break;
        NAME(input_grad)(n, L, dZ, dA, N);
        if (l == 0) {
            NAME(scatter)(n, dA, N);
            break;
        }
        NAME(times)(dA, n->slope[l], (size_t)N * (size_t)L->in);
        REAL *t = dZ;
        dZ = dA;
        dA = t;
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
