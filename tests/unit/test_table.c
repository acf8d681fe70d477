/* table: the statistics behind the aggregates (NaN skipped, the median of
 * an even count, quantiles interpolated as numpy's default, the standard
 * error with the sample deviation), the order of cells that 'sort by'
 * uses (NaN last, numbers before strings), and that the index sort is
 * stable. */
#include <math.h>

#include "stats.h"
#include "table.h"
#include "testkit.h"

static int near(double a, double b)
{
    return fabs(a - b) <= 1e-12 * (1 + fabs(b));
}

static void check_stats(void)
{
    const double x[] = {4, NAN, 1, 3, 2};
    int n;
    double *s = stats_sorted(x, 5, &n);
    CHECK(n == 4 && s[0] == 1 && s[3] == 4, "sorted: %d values from %g", n, s[0]);
    CHECK(stats_quantile(s, n, 0.5) == 2.5, "median of 1..4: %g, want 2.5", stats_quantile(s, n, 0.5));
    CHECK(near(stats_quantile(s, n, 0.25), 1.75), "q25 of 1..4: %g, want 1.75", stats_quantile(s, n, 0.25));
    CHECK(stats_quantile(s, n, 1) == 4 && stats_quantile(s, n, 0) == 1, "the ends");
    CHECK(isnan(stats_quantile(s, 0, 0.5)), "no values: NaN");
    free(s);
    CHECK(stats_count(x, 5) == 4, "count %d, want 4", stats_count(x, 5));
    CHECK(stats_sum(x, 5) == 10 && stats_mean(x, 5) == 2.5, "sum %g mean %g", stats_sum(x, 5), stats_mean(x, 5));
    CHECK(stats_extreme(x, 5, 0) == 1 && stats_extreme(x, 5, 1) == 4, "min and max");
    const double first_nan[] = {NAN, 3, 2};
    CHECK(stats_extreme(first_nan, 3, 0) == 2, "min past a leading NaN: %g", stats_extreme(first_nan, 3, 0));
    /* sd of 1, 2, 3, 4 (n - 1) is sqrt(5/3); divided by sqrt(4) */
    CHECK(near(stats_stderr(x, 5), sqrt(5.0 / 3) / 2), "stderr %.17g", stats_stderr(x, 5));
    const double one[] = {7, NAN};
    CHECK(isnan(stats_stderr(one, 2)) && isnan(stats_mean(one + 1, 1)), "too few values: NaN");
}

static int by_value(int a, int b, void *ctx)
{
    const double *key = ctx;
    return (key[a] > key[b]) - (key[a] < key[b]);
}

static void check_order(void)
{
    value nan = value_num(NAN), one = value_num(1), s = value_str("a", 1), s2 = value_str("ab", 2);
    CHECK(table_compare(one, nan) < 0 && table_compare(nan, one) > 0, "NaN sorts last");
    CHECK(table_compare(nan, nan) == 0, "NaN ties NaN");
    CHECK(table_compare(one, s) < 0, "numbers before strings");
    CHECK(table_compare(s, s2) < 0 && table_compare(s2, s) > 0, "a prefix first");
    value_release(s);
    value_release(s2);
    const double key[] = {2, 1, 2, 1, 0, 2};
    int *idx = table_index(6);
    table_sort_index(idx, 6, by_value, (void *)key);
    const int want[] = {4, 1, 3, 0, 2, 5};
    for (int i = 0; i < 6; i++)
        CHECK(idx[i] == want[i], "stable sort: position %d holds row %d, want %d", i, idx[i], want[i]);
    free(idx);
}

int main(void)
{
    check_stats();
    check_order();
    if (failures)
        return 1;
    printf("table: all checks passed\n");
    return 0;
}
