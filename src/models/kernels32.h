/* kernels32.h - the Geometry model's inner loops in float32 arithmetic
 * (precision = single, the default): task-vector rows, parameters and
 * gradient all float32, every row padded with zeros to a multiple of 8.
 *
 * The summation order is fixed by the code, not by the machine: element j
 * of a dot product goes to lane j mod 8 of accumulator (j div 8) mod 2, in
 * increasing j; the two accumulators are added, then the eight lanes by a
 * fixed tree.  An axpy adds its rows into each element one after the
 * other, in the order given.  No multiply-add is fused (the file is
 * compiled with -ffp-contract=off and its AVX2 build does not enable FMA).
 * So the generic build (SSE2, any x86-64) and the AVX2 build give the same
 * bits, and so does every grouping of rows and every thread count. */
#ifndef SKILL_KERNELS32_H
#define SKILL_KERNELS32_H

#include <stddef.h>

/* The padded length of a row of N floats. */
int kernel32_stride(int n);

/* For each of the NROWS row indices in ROWS (rows STRIDE floats apart in T):
 * s = row . theta, its coefficient c, g += c * row; each row's dot and
 * axpy are taken while it is in cache.  COEF gets up to eight rows at a
 * time, in the order of ROWS: c[i] for row rows[i] at level s[i]. */
typedef void (*kernel32_coef_fn)(void *ctx, const int *rows, const float *s, float *c, int count);

typedef struct kernel32_ops {
    const char *name;           /* "generic" or "avx2" */
    float (*dot)(const float *row, const float *x, int stride);
    /* out[k] = row k . x for the K rows of T */
    void (*levels)(const float *T, int stride, int K, const float *x, float *out);
    void (*rows)(const float *T, int stride, const int *rows, int nrows, const float *theta,
                 kernel32_coef_fn coef, void *ctx, float *g);
    /* kernel32_logistic4 on eight lanes, each lane's bits the same */
    void (*logistic8)(const float *x, float *out);
} kernel32_ops;

/* 1 / (1 + e^-x) to float32's accuracy (a few ulps) from float
 * additions, multiplications and one division alone, with no library
 * call: the same bits on every machine, unlike libm's exp, whose builds
 * for FMA and for SSE2 CPUs may round differently. */
float kernel32_logistic(float x);
/* The same on four lanes at once, each lane's bits the same as alone. */
void kernel32_logistic4(const float *x, float *out);

/* The build that works everywhere, the AVX2 build (NULL if this CPU lacks
 * AVX2), and the fastest this CPU runs.  All give the same bits. */
const kernel32_ops *kernel32_generic(void);
const kernel32_ops *kernel32_avx2(void);
const kernel32_ops *kernel32_best(void);

#endif
