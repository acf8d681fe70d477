#include "kernels.h"

#include <string.h>

#include <immintrin.h>

typedef double v4d __attribute__((vector_size(32)));
typedef float v4f __attribute__((vector_size(16)));

/* Four floats widened to doubles (a macro: a function returning a 32-byte
 * vector would change the calling convention between the two builds). */
#define LOAD4(dst, p)                           \
    do {                                        \
        v4f f_;                                 \
        memcpy(&f_, (p), sizeof f_);            \
        (dst) = __builtin_convertvector(f_, v4d); \
    } while (0)

/* Four accumulators of four lanes: one chain of additions would wait on
 * each addition's latency. */
static double dot_generic(const float *row, const double *x, int n)
{
    v4d a0 = {0, 0, 0, 0}, a1 = a0, a2 = a0, a3 = a0;
    int j = 0;
    for (; j + 16 <= n; j += 16) {
        v4d x0, x1, x2, x3, r0, r1, r2, r3;
        memcpy(&x0, x + j, sizeof x0);
        memcpy(&x1, x + j + 4, sizeof x1);
        memcpy(&x2, x + j + 8, sizeof x2);
        memcpy(&x3, x + j + 12, sizeof x3);
        LOAD4(r0, row + j);
        LOAD4(r1, row + j + 4);
        LOAD4(r2, row + j + 8);
        LOAD4(r3, row + j + 12);
        a0 += r0 * x0;
        a1 += r1 * x1;
        a2 += r2 * x2;
        a3 += r3 * x3;
    }
    for (; j + 4 <= n; j += 4) {
        v4d xx, rr;
        memcpy(&xx, x + j, sizeof xx);
        LOAD4(rr, row + j);
        a0 += rr * xx;
    }
    v4d acc = (a0 + a1) + (a2 + a3);
    double s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (; j < n; j++)
        s += (double)row[j] * x[j];
    return s;
}

static void axpy_generic(double a, const float *row, double *g, int n)
{
    const v4d av = {a, a, a, a};
    int j = 0;
    for (; j + 4 <= n; j += 4) {
        v4d gg, rr;
        memcpy(&gg, g + j, sizeof gg);
        LOAD4(rr, row + j);
        gg += av * rr;
        memcpy(g + j, &gg, sizeof gg);
    }
    for (; j < n; j++)
        g[j] += a * (double)row[j];
}

/* The same operations in the same order with AVX2 instructions (one
 * widening conversion of four floats; no fused multiply-add), so both
 * paths give the same bits. */
__attribute__((target("avx2")))
static double dot_avx2(const float *row, const double *x, int n)
{
    __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
    int j = 0;
    for (; j + 16 <= n; j += 16) {
        a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j)), _mm256_loadu_pd(x + j)));
        a1 = _mm256_add_pd(a1, _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j + 4)), _mm256_loadu_pd(x + j + 4)));
        a2 = _mm256_add_pd(a2, _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j + 8)), _mm256_loadu_pd(x + j + 8)));
        a3 = _mm256_add_pd(a3, _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j + 12)), _mm256_loadu_pd(x + j + 12)));
    }
    for (; j + 4 <= n; j += 4)
        a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j)), _mm256_loadu_pd(x + j)));
    __m256d acc = _mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3));
    double lane[4];
    _mm256_storeu_pd(lane, acc);
    double s = (lane[0] + lane[1]) + (lane[2] + lane[3]);
    for (; j < n; j++)
        s += (double)row[j] * x[j];
    return s;
}

__attribute__((target("avx2")))
static void axpy_avx2(double a, const float *row, double *g, int n)
{
    const __m256d av = _mm256_set1_pd(a);
    int j = 0;
    for (; j + 4 <= n; j += 4)
        _mm256_storeu_pd(g + j, _mm256_add_pd(_mm256_loadu_pd(g + j),
                                              _mm256_mul_pd(av, _mm256_cvtps_pd(_mm_loadu_ps(row + j)))));
    for (; j < n; j++)
        g[j] += a * (double)row[j];
}

static int have_avx2(void)
{
    return __builtin_cpu_supports("avx2");    /* reads libgcc's processor model: cheap */
}

double kernel_dot(const float *row, const double *x, int n)
{
    return have_avx2() ? dot_avx2(row, x, n) : dot_generic(row, x, n);
}

void kernel_axpy(double a, const float *row, double *g, int n)
{
    if (have_avx2())
        axpy_avx2(a, row, g, n);
    else
        axpy_generic(a, row, g, n);
}

void kernel_rows(const float *T, int n, const int *rows, int nrows, const double *theta,
                 kernel_coef_fn coef, void *ctx, double *g, double *s)
{
    for (int r = 0; r < nrows; r++) {
        const float *row = T + (size_t)rows[r] * n;
        double sr = kernel_dot(row, theta, n);
        if (s)
            s[r] = sr;
        double c = coef(ctx, rows[r], sr);
        if (c != 0)
            kernel_axpy(c, row, g, n);
    }
}
