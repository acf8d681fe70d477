/* stats.h - statistics of a vector of numbers, as the built-in functions
 * sum, mean, median, quantile, min, max, stderr and count compute them
 * (and so the aggregates of `group by`).  Each skips missing values (NaN);
 * with no value left, each gives NaN (count gives 0). */
#ifndef SKILL_STATS_H
#define SKILL_STATS_H

/* The values of X[0..n-1] that are not NaN, sorted ascending, into a new
 * array (the caller frees it); their count in *COUNT. */
double *stats_sorted(const double *x, int n, int *count);
int stats_count(const double *x, int n);
double stats_sum(const double *x, int n);
double stats_mean(const double *x, int n);
/* Q in [0, 1] of SORTED[0..n-1], interpolating linearly between the two
 * nearest ranks (numpy's default, R's type 7): Q = 0.5 is the median, the
 * mean of the two middle values for an even count. */
double stats_quantile(const double *sorted, int n, double q);
/* The smallest (MAX 0) or largest (MAX 1) value. */
double stats_extreme(const double *x, int n, int max);
/* The standard error of the mean, s / sqrt(n), with s the sample standard
 * deviation (divided by n - 1); NaN for fewer than two values. */
double stats_stderr(const double *x, int n);

#endif
