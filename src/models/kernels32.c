#include "kernels32.h"

#include <stdint.h>
#include <string.h>

/* Eight float lanes; on a CPU without AVX the compiler splits each
 * operation into two SSE halves, lane for lane the same arithmetic. */
typedef float v8f __attribute__((vector_size(32)));

/* Macros, not functions: a function taking or returning a 32-byte vector
 * would have a different calling convention in the two builds. */
#define LOAD8(dst, p) memcpy(&(dst), (p), sizeof(v8f))
#define STORE8(p, src) memcpy((p), &(src), sizeof(v8f))
#define REDUCE8(v) ((((v)[0] + (v)[4]) + ((v)[2] + (v)[6])) + (((v)[1] + (v)[5]) + ((v)[3] + (v)[7])))

#define BODY static inline __attribute__((always_inline))

int kernel32_stride(int n)
{
    return (n + 7) / 8 * 8;
}

/* Two accumulators: blocks of 8 elements alternate between them. */
BODY float dot_body(const float *row, const float *x, int stride)
{
    v8f a0 = {0}, a1 = {0}, r, xv;
    int j = 0;
    for (; j + 16 <= stride; j += 16) {
        LOAD8(r, row + j); LOAD8(xv, x + j); a0 += r * xv;
        LOAD8(r, row + j + 8); LOAD8(xv, x + j + 8); a1 += r * xv;
    }
    if (j < stride) {
        LOAD8(r, row + j); LOAD8(xv, x + j); a0 += r * xv;
    }
    v8f a = a0 + a1;
    return REDUCE8(a);
}

/* dot_body of four rows in one sweep over x: each row keeps its own two
 * accumulators, so each result has dot_body's bits; the rows share the
 * loads of x. */
BODY void dot4_body(const float *const *row, const float *x, int stride, float *out)
{
    v8f a0 = {0}, a1 = {0}, b0 = {0}, b1 = {0}, c0 = {0}, c1 = {0}, d0 = {0}, d1 = {0}, x0, x1, r;
    int j = 0;
    for (; j + 16 <= stride; j += 16) {
        LOAD8(x0, x + j); LOAD8(x1, x + j + 8);
        LOAD8(r, row[0] + j); a0 += r * x0; LOAD8(r, row[0] + j + 8); a1 += r * x1;
        LOAD8(r, row[1] + j); b0 += r * x0; LOAD8(r, row[1] + j + 8); b1 += r * x1;
        LOAD8(r, row[2] + j); c0 += r * x0; LOAD8(r, row[2] + j + 8); c1 += r * x1;
        LOAD8(r, row[3] + j); d0 += r * x0; LOAD8(r, row[3] + j + 8); d1 += r * x1;
    }
    if (j < stride) {
        LOAD8(x0, x + j);
        LOAD8(r, row[0] + j); a0 += r * x0;
        LOAD8(r, row[1] + j); b0 += r * x0;
        LOAD8(r, row[2] + j); c0 += r * x0;
        LOAD8(r, row[3] + j); d0 += r * x0;
    }
    v8f a = a0 + a1, b = b0 + b1, c = c0 + c1, d = d0 + d1;
    out[0] = REDUCE8(a);
    out[1] = REDUCE8(b);
    out[2] = REDUCE8(c);
    out[3] = REDUCE8(d);
}

BODY void axpy_body(float c, const float *row, float *g, int stride)
{
    const v8f cv = {c, c, c, c, c, c, c, c};
    for (int j = 0; j < stride; j += 8) {
        v8f gg, r;
        LOAD8(gg, g + j);
        LOAD8(r, row + j);
        gg += cv * r;
        STORE8(g + j, gg);
    }
}

/* Four axpy_body calls in one sweep over g: each element still takes the
 * rows' terms one after the other, in order. */
BODY void axpy4_body(const float *c, const float *const *row, float *g, int stride)
{
    const v8f c0 = {c[0], c[0], c[0], c[0], c[0], c[0], c[0], c[0]};
    const v8f c1 = {c[1], c[1], c[1], c[1], c[1], c[1], c[1], c[1]};
    const v8f c2 = {c[2], c[2], c[2], c[2], c[2], c[2], c[2], c[2]};
    const v8f c3 = {c[3], c[3], c[3], c[3], c[3], c[3], c[3], c[3]};
    for (int j = 0; j < stride; j += 8) {
        v8f gg, r;
        LOAD8(gg, g + j);
        LOAD8(r, row[0] + j); gg += c0 * r;
        LOAD8(r, row[1] + j); gg += c1 * r;
        LOAD8(r, row[2] + j); gg += c2 * r;
        LOAD8(r, row[3] + j); gg += c3 * r;
        STORE8(g + j, gg);
    }
}

/* Eight axpy_body calls in one sweep over g: g is loaded and stored once
 * for eight rows instead of twice, and each element still takes the rows'
 * terms one after the other, in order (a float stored and loaded back is
 * the same float), so the bits are those of eight axpy_body calls. */
BODY void axpy8_body(const float *c, const float *const *row, float *g, int stride)
{
    v8f cv[8];
    for (int i = 0; i < 8; i++)
        cv[i] = (v8f){c[i], c[i], c[i], c[i], c[i], c[i], c[i], c[i]};
    for (int j = 0; j < stride; j += 8) {
        v8f gg, r;
        LOAD8(gg, g + j);
        LOAD8(r, row[0] + j); gg += cv[0] * r;
        LOAD8(r, row[1] + j); gg += cv[1] * r;
        LOAD8(r, row[2] + j); gg += cv[2] * r;
        LOAD8(r, row[3] + j); gg += cv[3] * r;
        LOAD8(r, row[4] + j); gg += cv[4] * r;
        LOAD8(r, row[5] + j); gg += cv[5] * r;
        LOAD8(r, row[6] + j); gg += cv[6] * r;
        LOAD8(r, row[7] + j); gg += cv[7] * r;
        STORE8(g + j, gg);
    }
}

BODY void levels_body(const float *T, int stride, int K, const float *x, float *out)
{
    int k = 0;
    for (; k + 4 <= K; k += 4) {
        const float *row[4];
        for (int i = 0; i < 4; i++)
            row[i] = T + (size_t)(k + i) * stride;
        dot4_body(row, x, stride, out + k);
    }
    for (; k < K; k++)
        out[k] = dot_body(T + (size_t)k * stride, x, stride);
}

/* Eight rows at a time (then four, then one): their levels, their
 * coefficients, then their terms of g, while the rows (8 x 4 KB at n =
 * 1000) are in L1 or L2. */
/* Where each of COUNT drawn rows starts in T. */
BODY void row_starts(const float *T, int stride, const int *rows, int count, const float **row)
{
    for (int i = 0; i < count; i++)
        row[i] = T + (size_t)rows[i] * stride;
}

BODY void rows_body(const float *T, int stride, const int *rows, int nrows, const float *theta,
                    kernel32_coef_fn coef, void *ctx, float *g)
{
    int r = 0;
    for (; r + 8 <= nrows; r += 8) {
        const float *row[8];
        float s[8], c[8];
        row_starts(T, stride, rows + r, 8, row);
        dot4_body(row, theta, stride, s);
        dot4_body(row + 4, theta, stride, s + 4);
        coef(ctx, rows + r, s, c, 8);
        axpy8_body(c, row, g, stride);
    }
    for (; r + 4 <= nrows; r += 4) {
        const float *row[4];
        float s[4], c[4];
        row_starts(T, stride, rows + r, 4, row);
        dot4_body(row, theta, stride, s);
        coef(ctx, rows + r, s, c, 4);
        axpy4_body(c, row, g, stride);
    }
    for (; r < nrows; r++) {
        const float *row = T + (size_t)rows[r] * stride;
        float s = dot_body(row, theta, stride), c;
        coef(ctx, rows + r, &s, &c, 1);
        axpy_body(c, row, g, stride);
    }
}

typedef int32_t v8i __attribute__((vector_size(32)));

/* Lanes of A where MASK is set (all ones), else of B. */
#define SELECT8(mask, a, b) ((v8f)(((v8i)(a) & (mask)) | ((v8i)(b) & ~(mask))))

/* 1 / (1 + e^-x) on eight lanes, each lane alone: with z = -|x|, e^z =
 * 2^k e^r, z = k ln 2 + r with |r| <= ln 2 / 2 (Cody and Waite's two-part
 * ln 2), e^r by its Taylor series to r^7 (error below 5e-9) in Estrin's
 * scheme, 2^k built in the exponent bits; e^z = 0 below -87 (2^-125); NaN
 * kept. */
BODY void logistic8_body(const float *x, float *out)
{
    const v8f one = {1, 1, 1, 1, 1, 1, 1, 1}, zero = {0, 0, 0, 0, 0, 0, 0, 0};
    const v8f shifter = {12582912.0f, 12582912.0f, 12582912.0f, 12582912.0f,
                         12582912.0f, 12582912.0f, 12582912.0f, 12582912.0f};
    const v8f low = {-87.0f, -87.0f, -87.0f, -87.0f, -87.0f, -87.0f, -87.0f, -87.0f};
    v8f xv;
    LOAD8(xv, x);
    v8i positive = xv > 0;
    v8f z = SELECT8(positive, -xv, xv);
    v8i in_range = z > low;
    v8f zc = SELECT8(in_range, z, low);
    v8f k = (zc * 1.44269504f + shifter) - shifter;
    v8f r = (zc - k * 0.693359375f) - k * -2.12194440e-4f;
    v8f r2 = r * r, r4 = r2 * r2;
    v8f p01 = 1.0f + r, p23 = 0.5f + r * (1.0f / 6), p45 = 1.0f / 24 + r * (1.0f / 120);
    v8f p67 = 1.0f / 720 + r * (1.0f / 5040);
    v8f p = (p01 + r2 * p23) + r4 * (p45 + r2 * p67);
    v8i bits = (__builtin_convertvector(k, v8i) + 127) << 23;
    v8f e = p * (v8f)bits;
    e = SELECT8(in_range, e, SELECT8(z != z, z, zero));
    v8f y = SELECT8(positive, one, e) / (one + e);
    STORE8(out, y);
}

void kernel32_logistic4(const float *x, float *out)
{
    float in8[8] = {x[0], x[1], x[2], x[3]}, out8[8];
    logistic8_body(in8, out8);
    memcpy(out, out8, 4 * sizeof *out);
}

float kernel32_logistic(float x)
{
    float in[4] = {x, 0, 0, 0}, out[4];
    kernel32_logistic4(in, out);
    return out[0];
}

/* The two builds: the same bodies, compiled for any x86-64 and for AVX2. */
#define BUILD(NAME, ATTR)                                                                    \
    ATTR static float dot_##NAME(const float *row, const float *x, int stride)                \
    {                                                                                        \
        return dot_body(row, x, stride);                                                     \
    }                                                                                        \
    ATTR static void levels_##NAME(const float *T, int stride, int K, const float *x, float *out) \
    {                                                                                        \
        levels_body(T, stride, K, x, out);                                                   \
    }                                                                                        \
    ATTR static void rows_##NAME(const float *T, int stride, const int *rows, int nrows,      \
                                 const float *theta, kernel32_coef_fn coef, void *ctx, float *g) \
    {                                                                                        \
        rows_body(T, stride, rows, nrows, theta, coef, ctx, g);                              \
    }                                                                                        \
    ATTR static void logistic8_##NAME(const float *x, float *out)                            \
    {                                                                                        \
        logistic8_body(x, out);                                                              \
    }                                                                                        \
    static const kernel32_ops ops_##NAME = {#NAME, dot_##NAME, levels_##NAME, rows_##NAME,   \
                                            logistic8_##NAME};

BUILD(generic, )
BUILD(avx2, __attribute__((target("avx2"))))

const kernel32_ops *kernel32_generic(void)
{
    return &ops_generic;
}

const kernel32_ops *kernel32_avx2(void)
{
    return __builtin_cpu_supports("avx2") ? &ops_avx2 : NULL;
}

const kernel32_ops *kernel32_best(void)
{
    const kernel32_ops *avx2 = kernel32_avx2();
    return avx2 ? avx2 : &ops_generic;
}
