#include "kernels.h"

#include <string.h>

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
__attribute__((target_clones("avx2", "default")))
double kernel_dot(const float *row, const double *x, int n)
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

__attribute__((target_clones("avx2", "default")))
void kernel_axpy(double a, const float *row, double *g, int n)
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
