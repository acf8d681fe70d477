/* test_plotdata.c - unit tests for plotdata.c: which curves a figure gets
 * from runs and tables, their names, points, colours, styles and legend;
 * groups, error bars, chosen columns; the errors.  Exit status 0 when all
 * pass. */
#include "plotdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"
#include "testkit.h"

/* A run of MODEL with two skills, A and B, at steps 0, 10, 20. */
static value run_of(const char *model)
{
    const char **names = malloc(2 * sizeof *names);     /* the result's to free */
    names[0] = "A";
    names[1] = "B";
    result *r = result_new(model, 2, names, 0);
    for (int i = 0; i < 3; i++) {
        double *lv = result_add_row(r, 10.0 * i, 1.0 / (i + 1), NULL);
        lv[0] = 0.1 * i;
        lv[1] = 0.2 * i;
    }
    return value_result(r);
}

static value numbers(int n, const double *x)
{
    value v = value_vec(n);
    memcpy(v.u.obj->u.vec.x, x, (size_t)n * sizeof *x);
    return v;
}

/* alpha, dim, loss, loss_err, name: rows out of order in dim. */
static value long_table(void)
{
    static const double alpha[] = {2, 1, 2, 1}, dim[] = {20, 20, 10, 10};
    static const double loss[] = {0.4, 0.3, 0.5, 0.35}, err[] = {0.01, 0.02, 0.03, 0.04};
    value t = value_table(5);
    vobj *o = t.u.obj;
    const char *keys[] = {"alpha", "dim", "loss", "loss_err", "name"};
    const double *cols[] = {alpha, dim, loss, err};
    for (int c = 0; c < 4; c++) {
        o->u.rec.keys[c] = keys[c];
        o->u.rec.vals[c] = numbers(4, cols[c]);
    }
    o->u.rec.keys[4] = keys[4];
    o->u.rec.vals[4] = value_list(4);
    const char *names[] = {"b", "a", "b", "a"};
    for (int i = 0; i < 4; i++)
        o->u.rec.vals[4].u.obj->u.list.items[i] = value_str(names[i], 1);
    return t;
}

static int same(const double *x, const double *want, int n)
{
    for (int i = 0; i < n; i++)
        if (!(x[i] == want[i]))
            return 0;
    return 1;
}

/* One run, as plot has always drawn it: a viridis line a skill. */
static void test_single_run(void)
{
    arena *a = arena_new();
    plotdata_item it = {run_of("R"), "r", 1};
    plotdata_request rq = {0};
    plot_figure f;
    plotdata_error e;
    CHECK(plotdata_build(a, &it, 1, 0, &rq, &f, &e) == 0, "single run: %s", e.text);
    CHECK(f.nseries == 2 && f.nkeys == 2 && f.ncolours == 2 && f.palette == PLOT_VIRIDIS,
          "single run: %d series, %d keys", f.nseries, f.nkeys);
    CHECK(!strcmp(f.series[1].name, "B") && f.series[1].colour == 1 && f.series[1].style == PLOT_LINE,
          "single run: B is colour 1, a line");
    CHECK(same(f.series[1].y, (double[]){0, 0.2, 0.4}, 3) && !strcmp(f.ylabel, "level"),
          "single run: B's levels");
    rq.loss = 1;
    CHECK(plotdata_build(a, &it, 1, 0, &rq, &f, &e) == 0 && f.nseries == 1 && f.yscale == PLOT_LOG &&
          same(f.series[0].y, (double[]){1, 0.5, 1.0 / 3}, 3), "single run: the loss, log y");
    rq.loss = 0;
    rq.series = "align";
    CHECK(plotdata_build(a, &it, 1, 0, &rq, &f, &e) == -1 && e.at == PD_AT_SERIES &&
          !strcmp(e.text, "a run of 'R' has no series 'align'"), "no align: %s", e.text);
    value_release(it.v);
    arena_free(a);
}

/* A Geometry run (data) and a Resource run (theory): markers and lines, a
 * colour a skill shared by both, a style key each and then the skills. */
static void test_run_list(void)
{
    arena *a = arena_new();
    plotdata_item its[] = {{run_of("G"), "g (G)", 0}, {run_of("R"), "r (R)", 1}};
    plotdata_request rq = {0};
    plot_figure f;
    plotdata_error e;
    CHECK(plotdata_build(a, its, 2, 1, &rq, &f, &e) == 0, "list: %s", e.text);
    CHECK(f.nseries == 4 && f.ncolours == 2 && f.nkeys == 4 && f.palette == PLOT_VIRIDIS,
          "list: %d series, %d colours, %d keys", f.nseries, f.ncolours, f.nkeys);
    CHECK(f.series[0].style == PLOT_MARKERS && f.series[2].style == PLOT_LINE &&
          f.series[0].colour == 0 && f.series[2].colour == 0 && f.series[3].colour == 1,
          "list: g markers, r lines, A colour 0 in both");
    CHECK(!strcmp(f.keys[0].name, "g (G)") && f.keys[0].colour == -1 && f.keys[0].style == PLOT_MARKERS &&
          !strcmp(f.keys[1].name, "r (R)") && f.keys[1].style == PLOT_LINE &&
          !strcmp(f.keys[2].name, "A") && f.keys[2].colour == 0 && !strcmp(f.keys[3].name, "B"),
          "list: keys g, r, A, B");
    rq.style = PLOTDATA_LINES;
    CHECK(plotdata_build(a, its, 2, 1, &rq, &f, &e) == 0 && f.series[0].variant == 0 &&
          f.series[2].variant == 1 && f.series[2].style == PLOT_LINE, "lines: r dashed");
    rq.style = PLOTDATA_AS_KIND;
    rq.loss = 1;
    CHECK(plotdata_build(a, its, 2, 1, &rq, &f, &e) == 0 && f.ncolours == 2 && f.palette == PLOT_CATEGORY &&
          f.series[1].colour == 1 && f.nkeys == 2 && f.keys[1].colour == 1, "loss: a colour a run");
    value_release(its[0].v);
    value_release(its[1].v);
    arena_free(a);
}

/* by: alpha gives a curve per alpha, ascending, its rows in order of x,
 * with their error bars. */
static void test_groups(void)
{
    arena *a = arena_new();
    plotdata_item it = {long_table(), "t", 0};
    plotdata_request rq = {0};
    rq.x.name = "dim";
    rq.y.name = "loss";
    rq.by.name = "alpha";
    rq.err.name = "loss_err";
    plot_figure f;
    plotdata_error e;
    CHECK(plotdata_build(a, &it, 1, 0, &rq, &f, &e) == 0, "groups: %s", e.text);
    CHECK(f.nseries == 2 && f.palette == PLOT_VIRIDIS && !strcmp(f.xlabel, "dim") && !strcmp(f.ylabel, "loss"),
          "groups: two curves along viridis");
    const plot_series *s = &f.series[0];
    CHECK(!strcmp(s->name, "alpha = 1") && s->n == 2 && same(s->x, (double[]){10, 20}, 2) &&
          same(s->y, (double[]){0.35, 0.3}, 2) && same(s->err, (double[]){0.04, 0.02}, 2),
          "groups: alpha = 1 at dims 10, 20");
    CHECK(!strcmp(f.series[1].name, "alpha = 2") && same(f.series[1].y, (double[]){0.5, 0.4}, 2),
          "groups: alpha = 2");
    rq.by.name = "name";
    CHECK(plotdata_build(a, &it, 1, 0, &rq, &f, &e) == 0 && f.palette == PLOT_CATEGORY &&
          !strcmp(f.series[0].name, "name = b") && !strcmp(f.series[1].name, "name = a"),
          "groups of text in order of appearance");
    value_release(it.v);
    arena_free(a);
}

static void test_table_errors(void)
{
    arena *a = arena_new();
    plotdata_item it = {long_table(), "t", 0};
    plotdata_request rq = {0};
    plot_figure f;
    plotdata_error e;
    rq.by.name = "alhpa";
    CHECK(plotdata_build(a, &it, 1, 0, &rq, &f, &e) == -1 && e.at == PD_AT_BY &&
          !strcmp(e.text, "this table has no column 'alhpa'") && !strcmp(e.note, "did you mean 'alpha'?") &&
          !strcmp(e.hint, "its columns are: alpha, dim, loss, loss_err, name"), "by: %s / %s", e.text, e.hint);
    rq.by.name = NULL;
    rq.err.values = numbers(3, (double[]){1, 2, 3});
    rq.err.label = "[1, 2, 3]";
    CHECK(plotdata_build(a, &it, 1, 0, &rq, &f, &e) == -1 && e.at == PD_AT_ERR &&
          !strcmp(e.text, "'err' has 3 values; the table has 4 rows"), "err length: %s", e.text);
    value_release(rq.err.values);
    rq.err = (plotdata_column){"loss_err", {V_NONE, {0}}, NULL};
    CHECK(plotdata_build(a, &it, 1, 0, &rq, &f, &e) == -1 &&
          !strcmp(e.text, "'err' gives one column of error bars, and this plot draws 2 columns"),
          "err with two y: %s", e.text);
    rq.err.name = NULL;
    plotdata_item two[] = {{run_of("R"), "r (R)", 1}, it};
    CHECK(plotdata_build(a, two, 2, 1, &rq, &f, &e) == -1 && e.item == 1 && e.at == PD_AT_ITEM &&
          !strcmp(e.text, "cannot draw 't' with 'r (R)': its x is alpha, theirs step"), "x: %s", e.text);
    value_release(two[0].v);
    value_release(it.v);
    arena_free(a);
}

int main(void)
{
    test_single_run();
    test_run_list();
    test_groups();
    test_table_errors();
    if (failures) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("all plotdata checks passed\n");
    return 0;
}
