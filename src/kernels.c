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

__attribute__((target_clones("avx2", "default")))
double kernel_dot(const float *row, const double *x, int n)
{
    v4d acc = {0, 0, 0, 0};
    int j = 0;
    for (; j + 4 <= n; j += 4) {
        v4d xx, rr;
        memcpy(&xx, x + j, sizeof xx);
        LOAD4(rr, row + j);
        acc += rr * xx;
    }
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
