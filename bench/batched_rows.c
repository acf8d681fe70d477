/* batched_rows.c - issue 5's "batched execution" measured: points that
 * share one geometry model's task vectors (Fig. 10: same seed and width,
 * seven alpha) advanced separately, each over the rows its own batch drew
 * (what skill does), against advanced together, one pass over the union of
 * the drawn rows serving every point that drew the row.  Both do the same
 * float64 arithmetic with the same kernels (src/models/kernels.c); only the order
 * of memory traffic differs.  Prints microseconds per group step and the
 * ratios, also against separate row-by-row (no blocking of g) to isolate
 * what the shared pass itself saves.  Built and run by bench/batched_rows.sh. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels.h"

enum { K = 1000, B = 1024, P = 7 };
static const double alphas[P] = {0.5, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0};

static unsigned long rng = 88172645463325252UL;
static double uniform(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

typedef struct point {
    double cdf[K], theta[1024 + 1], g[1024 + 1], w[K];
    int rows[K], nrows, drawn[K];
} point;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void draw(point *p)
{
    memset(p->drawn, 0, sizeof p->drawn);
    p->nrows = 0;
    for (int b = 0; b < B; b++) {
        double u = uniform();
        int lo = 0, hi = K - 1;
        while (lo < hi) {                   /* inverse CDF; the same for both ways */
            int mid = (lo + hi) / 2;
            if (p->cdf[mid] < u) lo = mid + 1; else hi = mid;
        }
        if (p->drawn[lo]++ == 0)
            p->rows[p->nrows++] = lo;
    }
    for (int r = 0; r < p->nrows; r++)
        p->w[p->rows[r]] = (double)p->drawn[p->rows[r]] / B;
}

static double coef(void *ctx, int row, double s)
{
    const point *p = ctx;
    return -p->w[row] / (1 + exp(s));       /* ce: w L'(s) = -w sigmoid(-s) */
}

int main(int argc, char **argv)
{
    int steps = argc > 1 ? atoi(argv[1]) : 200;
    static point pts[P];
    static int in_union[K], union_rows[K];
    double *cbuf = malloc(K * sizeof *cbuf);
    const float **used = malloc(K * sizeof *used);
    for (int i = 0; i < P; i++) {
        double z = 0;
        for (int k = 0; k < K; k++) z += pow(k + 1, -alphas[i]);
        double c = 0;
        for (int k = 0; k < K; k++) pts[i].cdf[k] = (c += pow(k + 1, -alphas[i]) / z);
    }
    printf("group of %d points (alpha 0.5..2), K = %d, batch %d\n", P, K, B);
    for (int n = 100; n <= 1000; n = n == 100 ? 500 : n + 500) {
        float *T = malloc((size_t)K * n * sizeof *T);
        for (size_t i = 0; i < (size_t)K * n; i++) T[i] = (float)(uniform() - 0.5);
        double sep = 0, bat = 0, plain = 0, rows_sep = 0, rows_union = 0;
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < P; i++) {
                draw(&pts[i]);
                for (int j = 0; j < n; j++) pts[i].theta[j] = 1e-3 * (uniform() - 0.5);
            }
            /* separately: each point over its own rows */
            double t0 = now();
            for (int i = 0; i < P; i++) {
                memset(pts[i].g, 0, (size_t)n * sizeof(double));
                kernel_rows(T, n, pts[i].rows, pts[i].nrows, pts[i].theta, coef, &pts[i],
                            pts[i].g, cbuf, used);
                rows_sep += pts[i].nrows;
            }
            double t1 = now();
            /* batched: one pass over the union; each row serves the points that drew it */
            int nu = 0;
            for (int i = 0; i < P; i++) {
                memset(pts[i].g, 0, (size_t)n * sizeof(double));
                for (int r = 0; r < pts[i].nrows; r++)
                    if (!in_union[pts[i].rows[r]]++) union_rows[nu++] = pts[i].rows[r];
            }
            for (int u = 0; u < nu; u++) {
                int k = union_rows[u];
                const float *row = T + (size_t)k * n;
                for (int i = 0; i < P; i++)
                    if (pts[i].drawn[k])
                        kernel_axpy(coef(&pts[i], k, kernel_dot(row, pts[i].theta, n)), row,
                                    pts[i].g, n);
                in_union[k] = 0;
            }
            double t2 = now();
            /* separately, row by row (no blocking): isolates what sharing a pass saves */
            for (int i = 0; i < P; i++) {
                memset(pts[i].g, 0, (size_t)n * sizeof(double));
                for (int r = 0; r < pts[i].nrows; r++) {
                    const float *row = T + (size_t)pts[i].rows[r] * n;
                    kernel_axpy(coef(&pts[i], pts[i].rows[r], kernel_dot(row, pts[i].theta, n)), row,
                                pts[i].g, n);
                }
            }
            double t3 = now();
            rows_union += nu;
            sep += t1 - t0;
            bat += t2 - t1;
            plain += t3 - t2;
        }
        printf("n = %4d  separate %6.1f us/step (%4.0f rows; row by row %6.1f)  batched %6.1f us/step "
               "(%4.0f rows in the union)  batched/separate %.2f, /row-by-row %.2f\n", n,
               1e6 * sep / steps, rows_sep / steps, 1e6 * plain / steps, 1e6 * bat / steps,
               rows_union / steps, bat / sep, bat / plain);
        free(T);
    }
    free(cbuf);
    free(used);
    return 0;
}
