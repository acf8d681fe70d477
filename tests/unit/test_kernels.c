/* The Geometry kernels: kernel_rows (levels first, then rows added four at a
 * time) must give bit-for-bit what one kernel_dot and one kernel_axpy per
 * row give, and both must agree with a plain float64 loop to rounding. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

static int failures;

/* A deterministic generator, so the test needs nothing but the kernels. */
static double uniform(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(*state >> 11) / 9007199254740992.0 - 0.5;
}

static double coef(void *ctx, int row, double s)
{
    (void)ctx;
    return row % 5 == 3 ? 0 : s * (1 + row % 7);     /* some rows contribute nothing */
}

static void check_size(int K, int n, int nrows)
{
    unsigned long st = 12345 + (unsigned long)n;
    float *T = malloc((size_t)K * n * sizeof *T);
    double *theta = malloc((size_t)n * sizeof *theta);
    double *g = calloc((size_t)n, sizeof *g), *want = calloc((size_t)n, sizeof *want);
    double *plain = calloc((size_t)n, sizeof *plain), *c = malloc((size_t)nrows * sizeof *c);
    const float **used = malloc((size_t)nrows * sizeof *used);
    int *rows = malloc((size_t)nrows * sizeof *rows);
    for (size_t i = 0; i < (size_t)K * n; i++)
        T[i] = (float)uniform(&st);
    for (int j = 0; j < n; j++)
        theta[j] = uniform(&st);
    for (int r = 0; r < nrows; r++)
        rows[r] = (int)((uniform(&st) + 0.5) * K) % K;

    kernel_rows(T, n, rows, nrows, theta, coef, NULL, g, c, used);
    for (int r = 0; r < nrows; r++) {
        const float *row = T + (size_t)rows[r] * n;
        double cr = coef(NULL, rows[r], kernel_dot(row, theta, n));
        if (cr != 0)
            kernel_axpy(cr, row, want, n);
        double s = 0;
        for (int j = 0; j < n; j++)
            s += (double)row[j] * theta[j];
        double cp = coef(NULL, rows[r], s);
        for (int j = 0; j < n; j++)
            plain[j] += cp * (double)row[j];
    }
    if (memcmp(g, want, (size_t)n * sizeof *g) != 0) {
        printf("FAIL K=%d n=%d rows=%d: blocked rows differ from row-by-row\n", K, n, nrows);
        failures++;
    }
    for (int j = 0; j < n; j++)
        if (fabs(g[j] - plain[j]) > 1e-12 * (1 + fabs(plain[j]))) {
            printf("FAIL K=%d n=%d: g[%d] = %.17g, plain loop %.17g\n", K, n, j, g[j], plain[j]);
            failures++;
            break;
        }
    free(T); free(theta); free(g); free(want); free(plain); free(c); free(used); free(rows);
}

int main(void)
{
    /* sizes around the kernels' blocks: 16 and 4 elements, 4 rows, pairs */
    const int ns[] = {1, 3, 4, 15, 16, 17, 100, 1003};
    const int nrows[] = {1, 2, 3, 4, 5, 7, 8, 9, 340};
    for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
        for (size_t b = 0; b < sizeof nrows / sizeof *nrows; b++)
            check_size(50, ns[a], nrows[b]);
    printf("%s\n", failures ? "FAIL" : "PASS: kernels");
    return failures != 0;
}
