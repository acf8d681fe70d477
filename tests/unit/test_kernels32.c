/* The float32 Geometry kernels (kernels32.h): the generic and the AVX2
 * builds give the same bits on awkward lengths; both follow the documented
 * summation order (checked against a scalar loop written from it); four
 * rows at a time give the bits of one row at a time; and each dot product
 * is within n * eps32 * sum |a_i b_i| of float64's; the logistic function
 * is within 4 float ulps of float64's. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels32.h"
#include "testkit.h"

/* A deterministic generator, so the test needs nothing but the kernels. */
static float uniform(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return (float)((double)(*state >> 11) / 9007199254740992.0 - 0.5);
}

/* The order kernels32.h documents, one element at a time. */
static float dot_documented(const float *a, const float *b, int stride)
{
    float acc[2][8] = {{0}};
    for (int j = 0; j < stride; j++)
        acc[(j / 8) % 2][j % 8] += a[j] * b[j];
    float v[8];
    for (int l = 0; l < 8; l++)
        v[l] = acc[0][l] + acc[1][l];
    return ((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]));
}

static double coef1(int row, double s)
{
    return row % 5 == 3 ? 0 : s * (1 + row % 7);
}

static void coef(void *ctx, const int *rows, const float *s, float *c, int count)
{
    (void)ctx;
    for (int i = 0; i < count; i++)
        c[i] = (float)coef1(rows[i], s[i]);
}

typedef struct sample {
    int K, n, stride, nrows;
    float *T, *theta;
    int *rows;
} sample;

static sample make_sample(int K, int n, int nrows)
{
    unsigned long st = 12345 + (unsigned long)n * 31 + (unsigned long)nrows;
    sample s = {K, n, kernel32_stride(n), nrows, NULL, NULL, NULL};
    s.T = calloc((size_t)K * s.stride, sizeof *s.T);
    s.theta = calloc((size_t)s.stride, sizeof *s.theta);
    s.rows = malloc((size_t)nrows * sizeof *s.rows);
    for (int k = 0; k < K; k++)
        for (int j = 0; j < n; j++)
            s.T[(size_t)k * s.stride + j] = uniform(&st);
    for (int j = 0; j < n; j++)
        s.theta[j] = uniform(&st);
    for (int r = 0; r < nrows; r++)
        s.rows[r] = (int)((uniform(&st) + 0.5f) * (float)K) % K;
    return s;
}

static void free_sample(sample *s)
{
    free(s->T);
    free(s->theta);
    free(s->rows);
}

/* g from ops->rows, and from one row at a time in plain C. */
static void check_rows(const kernel32_ops *ops, const sample *s, float *g)
{
    float *want = calloc((size_t)s->stride, sizeof *want);
    memset(g, 0, (size_t)s->stride * sizeof *g);
    ops->rows(s->T, s->stride, s->rows, s->nrows, s->theta, coef, NULL, g);
    for (int r = 0; r < s->nrows; r++) {
        const float *row = s->T + (size_t)s->rows[r] * s->stride;
        float c = (float)coef1(s->rows[r], dot_documented(row, s->theta, s->stride));
        for (int j = 0; j < s->stride; j++)
            want[j] += c * row[j];
    }
    CHECK(memcmp(g, want, (size_t)s->stride * sizeof *g) == 0,
          "%s n=%d rows=%d: rows taken eight and four at a time differ from one at a time", ops->name, s->n, s->nrows);
    free(want);
}

static void check_dots(const kernel32_ops *ops, const sample *s, float *levels)
{
    ops->levels(s->T, s->stride, s->K, s->theta, levels);
    for (int k = 0; k < s->K; k++) {
        const float *row = s->T + (size_t)k * s->stride;
        float want = dot_documented(row, s->theta, s->stride);
        CHECK(memcmp(&levels[k], &want, sizeof want) == 0 && ops->dot(row, s->theta, s->stride) == want,
              "%s n=%d row %d: %.9g, documented order %.9g", ops->name, s->n, k, levels[k], want);
        double exact = 0, mag = 0;
        for (int j = 0; j < s->n; j++) {
            exact += (double)row[j] * s->theta[j];
            mag += fabs((double)row[j] * s->theta[j]);
        }
        CHECK(fabs(levels[k] - exact) <= s->n * (double)FLT_EPSILON * mag,
              "%s n=%d row %d: %.9g, float64 %.17g, bound %.3g", ops->name, s->n, k, levels[k], exact,
              s->n * (double)FLT_EPSILON * mag);
    }
}

static void check_size(int n, int nrows)
{
    sample s = make_sample(50, n, nrows);
    const kernel32_ops *gen = kernel32_generic(), *avx2 = kernel32_avx2();
    float *g1 = malloc((size_t)s.stride * sizeof *g1), *g2 = malloc((size_t)s.stride * sizeof *g2);
    float lv1[50], lv2[50];
    check_rows(gen, &s, g1);
    check_dots(gen, &s, lv1);
    if (avx2) {
        check_rows(avx2, &s, g2);
        check_dots(avx2, &s, lv2);
        CHECK(memcmp(g1, g2, (size_t)s.stride * sizeof *g1) == 0, "n=%d rows=%d: generic and avx2 g differ", n, nrows);
        CHECK(memcmp(lv1, lv2, sizeof lv1) == 0, "n=%d: generic and avx2 levels differ", n);
    }
    free(g1);
    free(g2);
    free_sample(&s);
}

/* Exact sums: 1 + 2 + ... + n against ones, padded with zeros. */
static void check_exact(void)
{
    enum { N = 100 };
    int stride = kernel32_stride(N);
    float a[104] = {0}, ones[104] = {0};
    for (int j = 0; j < N; j++) {
        a[j] = (float)(j + 1);
        ones[j] = 1;
    }
    CHECK(stride == 104, "stride of 100 is %d, want 104", stride);
    CHECK(kernel32_generic()->dot(a, ones, stride) == 5050.0f, "1 + ... + 100 = %.9g",
          kernel32_generic()->dot(a, ones, stride));
    CHECK(kernel32_stride(1) == 8 && kernel32_stride(8) == 8 && kernel32_stride(9) == 16,
          "strides of 1, 8, 9: %d %d %d", kernel32_stride(1), kernel32_stride(8), kernel32_stride(9));
}

/* kernel32_logistic within 4 float ulps of float64's logistic. */
static void check_logistic(void)
{
    double worst = 0;
    for (double x = -86; x < 30; x += 0.0371) {
        float xf = (float)x;
        double want = 1 / (1 + exp(-(double)xf)), got = kernel32_logistic(xf);
        double err = fabs(got - want) / (want * FLT_EPSILON);
        if (err > worst)
            worst = err;
    }
    CHECK(worst <= 4, "kernel32_logistic is %.2f float ulps from float64's", worst);
    CHECK(kernel32_logistic(0) == 0.5f && kernel32_logistic(-200) == 0 && kernel32_logistic(200) == 1,
          "logistic(0), (-200), (200) = %.9g %.9g %.9g", kernel32_logistic(0), kernel32_logistic(-200),
          kernel32_logistic(200));
    CHECK(isnan(kernel32_logistic(NAN)), "logistic(NaN) = %.9g", kernel32_logistic(NAN));
    const float x[8] = {-3.5f, 0.25f, -86.9f, -87.1f, 17.0f, -0.0f, INFINITY, -INFINITY};
    for (int i = 0; i < 8; i += 4) {
        float four[4];
        kernel32_logistic4(x + i, four);
        for (int l = 0; l < 4; l++) {
            float one = kernel32_logistic(x[i + l]);
            CHECK(memcmp(&one, &four[l], sizeof one) == 0, "logistic(%.9g): %.9g alone, %.9g in four",
                  x[i + l], one, four[l]);
        }
    }
    /* eight lanes, in both builds: each lane's bits as alone */
    const kernel32_ops *builds[2] = {kernel32_generic(), kernel32_avx2()};
    for (int b = 0; b < 2 && builds[b]; b++)
        for (double start = -90; start < 40; start += 0.77) {
            float in[8], eight[8];
            for (int l = 0; l < 8; l++)
                in[l] = l == 7 ? x[(int)(start + 90) % 8] : (float)(start + 0.0913 * l);
            builds[b]->logistic8(in, eight);
            for (int l = 0; l < 8; l++) {
                float one = kernel32_logistic(in[l]);
                CHECK(memcmp(&one, &eight[l], sizeof one) == 0, "%s logistic8(%.9g): %.9g alone, %.9g in eight",
                      builds[b]->name, in[l], one, eight[l]);
            }
        }
}

int main(void)
{
    check_logistic();
    const int ns[] = {1, 7, 8, 9, 15, 16, 17, 63, 100, 1000};
    const int nrows[] = {1, 3, 4, 5, 8, 9, 13, 340};
    check_exact();
    if (!kernel32_avx2())
        printf("no AVX2 on this CPU: the generic build alone is checked\n");
    for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
        for (size_t b = 0; b < sizeof nrows / sizeof *nrows; b++)
            check_size(ns[a], nrows[b]);
    printf("%s\n", failures ? "FAIL" : "PASS: kernels32");
    return failures != 0;
}
