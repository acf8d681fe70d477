/* test_plot.c - unit tests for plot.c: formats by extension, which figures
 * have something to draw, failures that leave no file, the same bytes for
 * the same figure, and extreme data drawn without harm.  Exit status 0
 * when all pass. */
#include "plot.h"

#include <dirent.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testkit.h"

static int count_files(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void remove_all(void)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (e->d_name[0] != '.')
            unlink(path_in_dir(e->d_name));
    if (d)
        closedir(d);
}

static const double xs[] = {0, 1, 2, 3, 4, 5};
static const double ys[] = {0.1, 0.2, 0.4, 0.8, 0.9, 1.0};

static plot_series line(const char *name, const double *x, const double *y, int n)
{
    return (plot_series){name, x, y, n, NULL, 0, PLOT_LINE, 0};
}

static plot_figure figure(const plot_series *s, int n)
{
    return (plot_figure){"title", "step", "level", PLOT_LINEAR, PLOT_LINEAR, PLOT_VIRIDIS, n, s, n, NULL, 0};
}

/* Writes FIG as NAME; the file must then start with MAGIC. */
static void write_ok(const plot_figure *fig, const char *name, const char *magic)
{
    char err[512] = "";
    int rc = plot_write(fig, path_in_dir(name), NULL, err, sizeof err);
    CHECK(rc == 0, "%s: plot_write failed: %s", name, err);
    size_t len = 0;
    char *text = slurp(path_in_dir(name), &len);
    CHECK(text && len > strlen(magic) && memcmp(text, magic, strlen(magic)) == 0,
          "%s: does not start with %s", name, magic);
    free(text);
}

static void test_formats(void)
{
    CHECK(plot_format_known("a.svg") && plot_format_known("A.SVG"), ".svg");
    CHECK(plot_format_known("dir/x.png") && plot_format_known("x.PDF"), ".png, .pdf");
    CHECK(!plot_format_known("x.jpg") && !plot_format_known("x"), "unknown extensions");
    CHECK(!plot_format_known("d.svg/x") && !plot_format_known("x.svg.txt"), "the last extension counts");
}

static void test_check(void)
{
    char err[256];
    plot_figure none = figure(NULL, 0);
    CHECK(plot_check(&none, err, sizeof err) == -1 && strstr(err, "no points"), "no series: %s", err);
    double nan_y[] = {NAN, INFINITY, -INFINITY};
    plot_series bad = line("bad", xs, nan_y, 3);
    plot_figure f = figure(&bad, 1);
    CHECK(plot_check(&f, err, sizeof err) == -1 && strstr(err, "finite"), "nan only: %s", err);
    double neg[] = {-1, 0, -3};
    plot_series s = line("neg", xs, neg, 3);
    f = figure(&s, 1);
    CHECK(plot_check(&f, err, sizeof err) == 0, "negative y on linear axes can be drawn");
    f.yscale = PLOT_LOG;
    CHECK(plot_check(&f, err, sizeof err) == -2 && strstr(err, "positive y"), "log y: %s", err);
    plot_series ok = line("ok", xs, ys, 6);
    f = figure(&ok, 1);
    f.xscale = f.yscale = PLOT_LOG;     /* x = 0 is left out, the rest drawn */
    CHECK(plot_check(&f, err, sizeof err) == 0, "loglog with x = 0 first");
}

static void test_failures(void)
{
    char err[512] = "";
    plot_series s = line("s", xs, ys, 6);
    plot_figure f = figure(&s, 1);
    CHECK(plot_write(&f, path_in_dir("x.gif"), NULL, err, sizeof err) == -1 &&
          strstr(err, "unknown plot format"), "gif: %s", err);
    CHECK(plot_write(&f, path_in_dir("missing/x.svg"), NULL, err, sizeof err) == -1 &&
          strstr(err, "cannot write"), "missing folder: %s", err);
    f.yscale = PLOT_LOG;
    s.y = (const double[]){-1, -1, -1, -1, -1, -1};
    CHECK(plot_write(&f, path_in_dir("empty.svg"), NULL, err, sizeof err) == -1, "nothing to draw");
    CHECK(count_files() == 0, "failures left %d files behind", count_files());
}

static int same_file(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *x = slurp(path_in_dir(a), &la), *y = slurp(path_in_dir(b), &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

static void test_deterministic(void)
{
    plot_series s[3] = {line("a", xs, ys, 6), line("b", ys, xs, 6), line("c", xs, xs, 6)};
    plot_figure f = figure(s, 3);
    static const char *const ext[] = {"svg", "png", "pdf"};
    char a[32], b[32];
    for (int i = 0; i < 3; i++) {
        snprintf(a, sizeof a, "a.%s", ext[i]);
        snprintf(b, sizeof b, "b.%s", ext[i]);
        write_ok(&f, a, "");
        write_ok(&f, "between.svg", "<?xml");   /* other surfaces in between */
        write_ok(&f, b, "");
        CHECK(same_file(a, b), "%s and %s differ", a, b);
    }
    size_t len = 0;
    char *svg = slurp(path_in_dir("b.svg"), &len);
    CHECK(svg && strstr(svg, "id=\"surface1\""), "the SVG page group is surface1");
    free(svg);
    remove_all();
}

/* Ranges at the ends of what doubles hold, flat lines, lone points, many
 * series: each must be drawn into a well-begun file. */
static void test_extremes(void)
{
    double wide[] = {1e-300, 1e-100, 1, 1e100, 1e300, 5e-324};
    double huge[] = {-1e308, 1e308, 0, -1e308, 1e308, 0};
    double flat[] = {7, 7, 7, 7, 7, 7}, zero[] = {0, 0, 0, 0, 0, 0};
    double tight[] = {1, 1 + 1e-15, 1, 1 + 2e-15, 1, 1};
    double gaps[] = {NAN, 1, NAN, 2, INFINITY, 3};
    double tiny[] = {5e-324, 1e-323, 5e-324, 1e-323, 5e-324, 5e-324};
    double low[] = {-DBL_MAX, -DBL_MAX, -DBL_MAX, -DBL_MAX, -DBL_MAX, -DBL_MAX};
    plot_series s = line("s", xs, wide, 6);
    plot_figure f = figure(&s, 1);
    f.xscale = f.yscale = PLOT_LOG;
    s.x = wide;
    write_ok(&f, "wide.svg", "<?xml");
    f.xscale = f.yscale = PLOT_LINEAR;
    write_ok(&f, "wide_linear.pdf", "%PDF-");
    const double *ys_cases[] = {huge, flat, zero, tight, gaps, tiny, low};
    for (int i = 0; i < 7; i++) {
        char name[32];
        s.x = xs;
        s.y = ys_cases[i];
        for (int log = 0; log < 2; log++) {
            f.yscale = log ? PLOT_LOG : PLOT_LINEAR;
            char err[256];
            if (plot_check(&f, err, sizeof err) != 0)
                continue;           /* zero, huge on a log axis: nothing to draw */
            snprintf(name, sizeof name, "case%d_%d.png", i, log);
            write_ok(&f, name, "\x89PNG");
        }
    }
    plot_series lone = line("one point", xs + 2, ys + 2, 1);
    plot_figure one = figure(&lone, 1);
    lone.style = PLOT_LINE_MARKERS;
    write_ok(&one, "lone.svg", "<?xml");
    enum { MANY = 1000 };
    plot_series *many = calloc(MANY, sizeof *many);
    plot_key *keys = calloc(MANY, sizeof *keys);
    for (int k = 0; k < MANY; k++) {
        many[k] = line(k == 0 ? "first skill" : "a skill with a rather long name", xs, ys, 6);
        many[k].colour = k;
        keys[k] = (plot_key){many[k].name, k, PLOT_LINE, 0};
    }
    plot_figure m = figure(many, MANY);
    m.keys = keys;
    m.nkeys = MANY;
    write_ok(&m, "many.svg", "<?xml");
    m.palette = PLOT_CATEGORY;          /* a list legend that cannot hold them all */
    write_ok(&m, "many_list.pdf", "%PDF-");
    free(many);
    free(keys);
    remove_all();
}

static int file_has(const char *name, const char *text)
{
    size_t len = 0;
    char *data = slurp(path_in_dir(name), &len);
    int has = data && strstr(data, text) != NULL;
    free(data);
    return has;
}

/* Every marker shape and dash pattern, error bars (nan, negative, larger
 * than the value on a log axis), a legend of styles above a colour bar. */
static void test_styles(void)
{
    double err[] = {0.05, NAN, -0.1, 5, 0, INFINITY};
    enum { N = 2 * PLOT_VARIANTS + 14 };
    plot_series s[N];
    plot_key keys[N + 2];
    for (int k = 0; k < N; k++) {
        s[k] = line("s", xs, ys, 6);
        s[k].style = k < PLOT_VARIANTS ? PLOT_MARKERS : PLOT_LINE;
        s[k].variant = k % PLOT_VARIANTS;
        s[k].colour = k;
        s[k].err = k == 0 ? err : NULL;
        keys[k + 2] = (plot_key){"skill", k, PLOT_LINE, 0};
    }
    keys[0] = (plot_key){"data", -1, PLOT_MARKERS, 1};
    keys[1] = (plot_key){"theory", -1, PLOT_LINE, 2};
    plot_figure f = figure(s, N);
    f.keys = keys;
    f.nkeys = N + 2;
    write_ok(&f, "styles.svg", "<?xml");
    CHECK(file_has("styles.svg", "stroke-dasharray"), "dashed lines are drawn dashed");
    CHECK(file_has("styles.svg", "<linearGradient"), "more than 12 colours make a colour bar");
    f.yscale = PLOT_LOG;
    write_ok(&f, "styles_log.png", "\x89PNG");
    write_ok(&f, "styles_log2.png", "\x89PNG");
    CHECK(same_file("styles_log.png", "styles_log2.png"), "the same figure, the same bytes");
    remove_all();
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    test_formats();
    test_check();
    test_failures();
    test_deterministic();
    test_extremes();
    test_styles();
    remove_all();
    rmdir(dir);
    if (failures) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("all plot checks passed\n");
    return 0;
}
