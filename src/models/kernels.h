/* kernels.h - the Geometry model's inner loops over task vectors stored in
 * float32 (half the memory traffic of float64; the vectors are random draws
 * or small exact values such as +-0.5) against float64 parameters, with
 * float64 accumulation so that no dot product loses what float64 keeps.
 *
 * Each kernel exists in an AVX2 build and a generic one chosen at run time;
 * both do the same float64 operations in the same order (four lanes, no
 * fused multiply-add), so every machine computes the same numbers. */
#ifndef SKILL_KERNELS_H
#define SKILL_KERNELS_H

/* sum_j row[j] * x[j] */
double kernel_dot(const float *row, const double *x, int n);
/* g[j] += a * row[j] */
void kernel_axpy(double a, const float *row, double *g, int n);

/* For each of the NROWS row indices in ROWS: s = row . theta; c = coef(s, i)
 * via the callback (called in the order of ROWS); g += c * row.  C and USED
 * are scratch for NROWS coefficients and row pointers. */
typedef double (*kernel_coef_fn)(void *ctx, int row, double s);
void kernel_rows(const float *T, int n, const int *rows, int nrows, const double *theta,
                 kernel_coef_fn coef, void *ctx, double *g, double *c,
                 const float **used);

#endif
