#include "vectors.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
        snprintf(err, errlen, "an explicit matrix is copied, not drawn");
        rc = -1;
        break;
    }
    gsl_rng_free(rng);
    return rc;
}
