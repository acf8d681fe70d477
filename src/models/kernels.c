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

/* kernel_dot of two rows in one sweep over x: each row keeps its own four
 * accumulators and the same order of additions, so each result is bit-for-bit
 * dot_generic's; the pair only shares the loads of x. */
static void dot2_generic(const float *r0, const float *r1, const double *x, int n, double *out)
{
    v4d a0 = {0, 0, 0, 0}, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    int j = 0;
    for (; j + 16 <= n; j += 16) {
        v4d x0, x1, x2, x3, p, q;
        memcpy(&x0, x + j, sizeof x0);
        memcpy(&x1, x + j + 4, sizeof x1);
        memcpy(&x2, x + j + 8, sizeof x2);
        memcpy(&x3, x + j + 12, sizeof x3);
        LOAD4(p, r0 + j); LOAD4(q, r1 + j); a0 += p * x0; b0 += q * x0;
        LOAD4(p, r0 + j + 4); LOAD4(q, r1 + j + 4); a1 += p * x1; b1 += q * x1;
        LOAD4(p, r0 + j + 8); LOAD4(q, r1 + j + 8); a2 += p * x2; b2 += q * x2;
        LOAD4(p, r0 + j + 12); LOAD4(q, r1 + j + 12); a3 += p * x3; b3 += q * x3;
    }
    for (; j + 4 <= n; j += 4) {
        v4d xx, p, q;
        memcpy(&xx, x + j, sizeof xx);
        LOAD4(p, r0 + j); LOAD4(q, r1 + j);
        a0 += p * xx;
        b0 += q * xx;
    }
    v4d a = (a0 + a1) + (a2 + a3), b = (b0 + b1) + (b2 + b3);
    double s = (a[0] + a[1]) + (a[2] + a[3]), t = (b[0] + b[1]) + (b[2] + b[3]);
    for (; j < n; j++) {
        s += (double)r0[j] * x[j];
        t += (double)r1[j] * x[j];
    }
    out[0] = s;
    out[1] = t;
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

/* g += a0 r0 + a1 r1 + a2 r2 + a3 r3, added one row after the other in
 * each element: the same roundings as four kernel_axpy calls, with g loaded
 * and stored once instead of four times. */
static void axpy4_generic(const double *a, const float *const *r, double *g, int n)
{
    const v4d a0 = {a[0], a[0], a[0], a[0]}, a1 = {a[1], a[1], a[1], a[1]};
    const v4d a2 = {a[2], a[2], a[2], a[2]}, a3 = {a[3], a[3], a[3], a[3]};
    int j = 0;
    for (; j + 4 <= n; j += 4) {
        v4d gg, r0, r1, r2, r3;
        memcpy(&gg, g + j, sizeof gg);
        LOAD4(r0, r[0] + j);
        LOAD4(r1, r[1] + j);
        LOAD4(r2, r[2] + j);
        LOAD4(r3, r[3] + j);
        gg += a0 * r0;
        gg += a1 * r1;
        gg += a2 * r2;
        gg += a3 * r3;
        memcpy(g + j, &gg, sizeof gg);
    }
    for (; j < n; j++)
        for (int k = 0; k < 4; k++)
            g[j] += a[k] * (double)r[k][j];
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

__attribute__((target("avx2")))
static void axpy4_avx2(const double *a, const float *const *r, double *g, int n)
{
    const __m256d a0 = _mm256_set1_pd(a[0]), a1 = _mm256_set1_pd(a[1]);
    const __m256d a2 = _mm256_set1_pd(a[2]), a3 = _mm256_set1_pd(a[3]);
    int j = 0;
    for (; j + 4 <= n; j += 4) {
        __m256d gg = _mm256_loadu_pd(g + j);
        gg = _mm256_add_pd(gg, _mm256_mul_pd(a0, _mm256_cvtps_pd(_mm_loadu_ps(r[0] + j))));
        gg = _mm256_add_pd(gg, _mm256_mul_pd(a1, _mm256_cvtps_pd(_mm_loadu_ps(r[1] + j))));
        gg = _mm256_add_pd(gg, _mm256_mul_pd(a2, _mm256_cvtps_pd(_mm_loadu_ps(r[2] + j))));
        gg = _mm256_add_pd(gg, _mm256_mul_pd(a3, _mm256_cvtps_pd(_mm_loadu_ps(r[3] + j))));
        _mm256_storeu_pd(g + j, gg);
    }
    for (; j < n; j++)
        for (int k = 0; k < 4; k++)
            g[j] += a[k] * (double)r[k][j];
}

#define MULW(r, j, xv) _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps((r) + (j))), (xv))

__attribute__((target("avx2")))
static void dot2_avx2(const float *r0, const float *r1, const double *x, int n, double *out)
{
    __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    int j = 0;
    for (; j + 16 <= n; j += 16) {
        __m256d x0 = _mm256_loadu_pd(x + j), x1 = _mm256_loadu_pd(x + j + 4);
        __m256d x2 = _mm256_loadu_pd(x + j + 8), x3 = _mm256_loadu_pd(x + j + 12);
        a0 = _mm256_add_pd(a0, MULW(r0, j, x0));
        b0 = _mm256_add_pd(b0, MULW(r1, j, x0));
        a1 = _mm256_add_pd(a1, MULW(r0, j + 4, x1));
        b1 = _mm256_add_pd(b1, MULW(r1, j + 4, x1));
        a2 = _mm256_add_pd(a2, MULW(r0, j + 8, x2));
        b2 = _mm256_add_pd(b2, MULW(r1, j + 8, x2));
        a3 = _mm256_add_pd(a3, MULW(r0, j + 12, x3));
        b3 = _mm256_add_pd(b3, MULW(r1, j + 12, x3));
    }
    for (; j + 4 <= n; j += 4) {
        __m256d xx = _mm256_loadu_pd(x + j);
        a0 = _mm256_add_pd(a0, MULW(r0, j, xx));
        b0 = _mm256_add_pd(b0, MULW(r1, j, xx));
    }
    double la[4], lb[4];
    _mm256_storeu_pd(la, _mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
    _mm256_storeu_pd(lb, _mm256_add_pd(_mm256_add_pd(b0, b1), _mm256_add_pd(b2, b3)));
    double s = (la[0] + la[1]) + (la[2] + la[3]), t = (lb[0] + lb[1]) + (lb[2] + lb[3]);
    for (; j < n; j++) {
        s += (double)r0[j] * x[j];
        t += (double)r1[j] * x[j];
    }
    out[0] = s;
    out[1] = t;
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

/* Two passes: every level first, then the rows added into g four at a
 * time.  Each element of g still receives the rows' terms one by one in
 * the order of ROWS, so the result is bit-for-bit that of one dot and one
 * axpy per row; the blocking only saves loads and stores of g. */
void kernel_rows(const float *T, int n, const int *rows, int nrows, const double *theta,
                 kernel_coef_fn coef, void *ctx, double *g, double *c, const float **used)
{
    int avx2 = have_avx2(), nused = 0;
    for (int r = 0; r < nrows; r += 2) {
        const float *row[2] = {T + (size_t)rows[r] * n, NULL};
        double s[2];
        if (r + 1 < nrows) {
            row[1] = T + (size_t)rows[r + 1] * n;
            (avx2 ? dot2_avx2 : dot2_generic)(row[0], row[1], theta, n, s);
        } else {
            s[0] = kernel_dot(row[0], theta, n);
        }
        for (int k = 0; k < 2 && row[k]; k++) {
            double ck = coef(ctx, rows[r + k], s[k]);
            if (ck != 0) {
                c[nused] = ck;
                used[nused++] = row[k];
            }
        }
    }
    int r = 0;
    for (; r + 4 <= nused; r += 4)
        (avx2 ? axpy4_avx2 : axpy4_generic)(c + r, used + r, g, n);
    for (; r < nused; r++)
        kernel_axpy(c[r], used[r], g, n);
}
