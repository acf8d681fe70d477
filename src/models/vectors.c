#include "vectors.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "blas.h"

unsigned long vectors_stream_seed(double seed, int stream)
{
    uint64_t z = (uint64_t)seed * 0x9E3779B97F4A7C15ULL + (uint64_t)(stream + 1) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;     /* splitmix64's finaliser */
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (unsigned long)(z & 0xFFFFFFFFUL);
}

static void gaussian_rows(gsl_rng *rng, double *T, int K, int n, double scale)
{
    for (size_t i = 0; i < (size_t)K * n; i++)
        T[i] = scale * gsl_ran_gaussian_ziggurat(rng, 1.0);
}

static void normalise_rows(double *T, int K, int n)
{
    for (int i = 0; i < K; i++) {
        double norm = cblas_dnrm2(n, T + (size_t)i * n, 1);
        if (norm > 0)
            cblas_dscal(n, 1 / norm, T + (size_t)i * n, 1);
    }
}

/* Modified Gram-Schmidt, twice over for orthogonality to rounding. */
static void orthonormalise(double *T, int K, int n)
{
    for (int i = 0; i < K; i++) {
        double *row = T + (size_t)i * n;
        for (int pass = 0; pass < 2; pass++)
            for (int j = 0; j < i; j++) {
                const double *q = T + (size_t)j * n;
                cblas_daxpy(n, -cblas_ddot(n, q, 1, row, 1), q, 1, row, 1);
            }
        double norm = cblas_dnrm2(n, row, 1);
        cblas_dscal(n, 1 / norm, row, 1);
    }
}

static void hadamard(double *T, int K, int n)
{
    double scale = 1 / sqrt((double)n);
    for (int i = 0; i < K; i++)
        for (int j = 0; j < n; j++)
            T[(size_t)i * n + j] = (__builtin_popcount((unsigned)(i & j)) & 1 ? -1 : 1) * scale;
}

int vectors_fill(ir_vectors kind, double *T, int K, int n, uint64_t seed, char *err, size_t errlen)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    gsl_rng_set(rng, vectors_stream_seed((double)seed, 0));
    memset(T, 0, (size_t)K * n * sizeof *T);
    int rc = 0;
    switch (kind) {
    case VEC_ORTHOGONAL:
        if (K > n) {
            snprintf(err, errlen, "orthogonal vectors need skills <= dim (%d > %d)", K, n);
            rc = -1;
            break;
        }
        gaussian_rows(rng, T, K, n, 1);
        orthonormalise(T, K, n);
        break;
    case VEC_RANDOM:
        gaussian_rows(rng, T, K, n, 1);
        normalise_rows(T, K, n);
        break;
    case VEC_GAUSS:
        gaussian_rows(rng, T, K, n, 1 / sqrt((double)n));
        break;
    case VEC_ONEHOT:
        for (int i = 0; i < K && i < n; i++)
            T[(size_t)i * n + i] = 1;
        break;
    case VEC_HADAMARD:
        if (K > n || (n & (n - 1)) != 0) {
            snprintf(err, errlen, "hadamard vectors need dim a power of 2 and skills <= dim");
            rc = -1;
            break;
        }
        hadamard(T, K, n);
        break;
    case VEC_MATRIX:
    case VEC_CORRELATION:
        snprintf(err, errlen, "vectors from a matrix are built by geometry_vectors, not drawn");
        rc = -1;
        break;
    }
    gsl_rng_free(rng);
    return rc;
}

/* C's eigenvalues in decreasing order into VALUES (K), and the matching
 * eigenvectors into the columns of VECTORS (K x K, row-major). */
static void eigen_desc(const double *C, int K, double *values, double *vectors)
{
    gsl_matrix *A = gsl_matrix_alloc((size_t)K, (size_t)K), *V = gsl_matrix_alloc((size_t)K, (size_t)K);
    gsl_vector *w = gsl_vector_alloc((size_t)K);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc((size_t)K);
    if (!A || !V || !w || !ws)
        abort();
    for (int i = 0; i < K; i++)
        for (int j = 0; j < K; j++)
            gsl_matrix_set(A, (size_t)i, (size_t)j, C[(size_t)i * K + j]);
    gsl_eigen_symmv(A, w, V, ws);
    gsl_eigen_symmv_sort(w, V, GSL_EIGEN_SORT_VAL_DESC);
    for (int i = 0; i < K; i++) {
        values[i] = gsl_vector_get(w, (size_t)i);
        for (int j = 0; j < K; j++)
            vectors[(size_t)i * K + j] = gsl_matrix_get(V, (size_t)i, (size_t)j);
    }
    gsl_eigen_symmv_free(ws);
    gsl_vector_free(w);
    gsl_matrix_free(A);
    gsl_matrix_free(V);
}

/* Eigenvalues at or below this are rounding's: 16 K eps of the largest. */
static double rank_tolerance(const double *values, int K)
{
    return 16.0 * K * DBL_EPSILON * fmax(fabs(values[0]), fabs(values[K - 1]));
}

static int rank_of(const double *values, int K, double tol)
{
    int r = 0;
    while (r < K && values[r] > tol)
        r++;
    return r;
}

int vectors_correlation_rank(const double *C, int K, int *rank, double *smallest)
{
    *rank = 0;
    *smallest = 0;
    if (K <= 0)
        return 0;
    double *values = malloc((size_t)K * sizeof *values), *V = malloc((size_t)K * K * sizeof *V);
    if (!values || !V)
        abort();
    eigen_desc(C, K, values, V);
    double tol = rank_tolerance(values, K);
    *rank = rank_of(values, K, tol);
    *smallest = values[K - 1];
    free(values);
    free(V);
    return *smallest < -tol ? -1 : 0;
}

/* C = L L^T into F (K x K, lower-triangular), or -1 if a pivot is not
 * positive (C is then at best semi-definite, to rounding). */
static int cholesky(const double *C, int K, double *F)
{
    memset(F, 0, (size_t)K * K * sizeof *F);
    for (int j = 0; j < K; j++) {
        double d = C[(size_t)j * K + j];
        for (int k = 0; k < j; k++)
            d -= F[(size_t)j * K + k] * F[(size_t)j * K + k];
        if (!(d > 0))
            return -1;
        double ljj = sqrt(d);
        F[(size_t)j * K + j] = ljj;
        for (int i = j + 1; i < K; i++) {
            double x = C[(size_t)i * K + j];
            for (int k = 0; k < j; k++)
                x -= F[(size_t)i * K + k] * F[(size_t)j * K + k];
            F[(size_t)i * K + j] = x / ljj;
        }
    }
    return 0;
}

/* F (K x r, row-major, stride K) with F F^T = C: Cholesky's rows when C is
 * positive definite, else V sqrt(L) over the R positive eigenvalues.
 * -1 if C is not positive semi-definite. */
static int factor(const double *C, int K, double *F, int *r)
{
    double *values = malloc((size_t)K * sizeof *values), *V = malloc((size_t)K * K * sizeof *V);
    if (!values || !V)
        abort();
    eigen_desc(C, K, values, V);
    double tol = rank_tolerance(values, K);
    int rc = values[K - 1] < -tol ? -1 : 0;
    *r = rank_of(values, K, tol);
    if (rc == 0 && (*r < K || cholesky(C, K, F) != 0)) {
        memset(F, 0, (size_t)K * K * sizeof *F);
        for (int i = 0; i < K; i++)
            for (int k = 0; k < *r; k++)
                F[(size_t)i * K + k] = V[(size_t)i * K + k] * sqrt(values[k]);
    }
    free(values);
    free(V);
    return rc;
}

int vectors_from_correlation(const double *C, double *T, int K, int n, uint64_t seed, char *err,
                             size_t errlen)
{
    memset(T, 0, (size_t)K * n * sizeof *T);
    if (K <= 0)
        return 0;
    double *F = malloc((size_t)K * K * sizeof *F);
    int r;
    if (!F)
        abort();
    int psd = factor(C, K, F, &r) == 0;
    if (!psd || r > n) {
        if (psd)
            snprintf(err, errlen, "the correlation matrix has rank %d, more than dim = %d", r, n);
        else
            snprintf(err, errlen, "the correlation matrix is not positive semi-definite");
        free(F);
        return -1;
    }
    double *Q = malloc(((size_t)r * n + 1) * sizeof *Q);
    if (!Q || vectors_fill(VEC_ORTHOGONAL, Q, r, n, seed, err, errlen) != 0)
        abort();
    for (int i = 0; i < K; i++)
        for (int k = 0; k < r; k++)
            if (F[(size_t)i * K + k] != 0)
                cblas_daxpy(n, F[(size_t)i * K + k], Q + (size_t)k * n, 1, T + (size_t)i * n, 1);
    free(Q);
    free(F);
    return 0;
}
