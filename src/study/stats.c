#include "stats.h"

#include <math.h>
#include <stdlib.h>

static int ascending(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double *stats_sorted(const double *x, int n, int *count)
{
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v)
        abort();
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i]))
            v[k++] = x[i];
    qsort(v, (size_t)k, sizeof *v, ascending);
    *count = k;
    return v;
}

int stats_count(const double *x, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += !isnan(x[i]);
    return k;
}

double stats_sum(const double *x, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i]))
            sum += x[i];
    return sum;
}

double stats_mean(const double *x, int n)
{
    int k = stats_count(x, n);
    return k ? stats_sum(x, n) / k : NAN;
}

double stats_quantile(const double *sorted, int n, double q)
{
    if (n == 0)
        return NAN;
    double h = (n - 1) * q;
    int lo = (int)floor(h);
    if (lo >= n - 1)
        return sorted[n - 1];
    if (h == lo)
        return sorted[lo];
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

double stats_extreme(const double *x, int n, int max)
{
    double r = NAN;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i]) && (isnan(r) || (max ? x[i] > r : x[i] < r)))
            r = x[i];
    return r;
}

double stats_stderr(const double *x, int n)
{
    int k = stats_count(x, n);
    if (k < 2)
        return NAN;
    double mean = stats_mean(x, n), ss = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i]))
            ss += (x[i] - mean) * (x[i] - mean);
    return sqrt(ss / (k - 1)) / sqrt(k);
}
