#include "plotdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"

static void set_axes(plot_figure *fig, plotdata_axes axes, plot_scale default_y)
{
    fig->xscale = axes == PLOTDATA_LOGLOG ? PLOT_LOG : PLOT_LINEAR;
    fig->yscale = axes == PLOTDATA_DEFAULT ? default_y
                : axes == PLOTDATA_LINEAR ? PLOT_LINEAR : PLOT_LOG;
}

void plotdata_result(arena *a, const result *r, const plotdata_request *rq, plot_figure *fig)
{
    memset(fig, 0, sizeof *fig);
    fig->title = rq->title;
    fig->xlabel = "step";
    fig->ylabel = rq->loss ? "loss" : "level";
    fig->palette = PLOT_VIRIDIS;
    set_axes(fig, rq->axes, rq->loss ? PLOT_LOG : PLOT_LINEAR);
    int n = rq->loss ? 1 : r->nskills;
    plot_series *s = arena_alloc(a, ((size_t)n + 1) * sizeof *s);
    for (int k = 0; k < n; k++) {
        s[k].name = rq->loss ? "loss" : r->names[k];
        s[k].x = r->steps;
        s[k].n = r->nrec;
        if (rq->loss) {
            s[k].y = r->loss;
            continue;
        }
        double *y = arena_alloc(a, ((size_t)r->nrec + 1) * sizeof *y);
        for (int row = 0; row < r->nrec; row++)
            y[row] = r->levels[(size_t)row * r->nskills + k];
        s[k].y = y;
    }
    fig->series = s;
    fig->nseries = n;
}

static int column_rows(value c)
{
    return c.kind == V_VEC ? c.u.obj->u.vec.n : c.u.obj->u.list.n;
}

static int column_numeric(value c)
{
    if (c.kind == V_VEC)
        return 1;
    for (int i = 0; i < c.u.obj->u.list.n; i++)
        if (!value_is_number(c.u.obj->u.list.items[i]))
            return 0;
    return 1;
}

static double cell(value c, int row)
{
    return c.kind == V_VEC ? c.u.obj->u.vec.x[row] : value_number(c.u.obj->u.list.items[row]);
}

/* Row order by x, ties in table order, points with no x last. */
typedef struct keyed { double x; int row; } keyed;

static int by_x(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int na = a->x != a->x, nb = b->x != b->x;
    if (na != nb)
        return na - nb;
    if (!na && a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

static int *rows_by_x(value xcol, int rows)
{
    keyed *k = malloc(((size_t)rows + 1) * sizeof *k);
    int *order = malloc(((size_t)rows + 1) * sizeof *order);
    if (!k || !order)
        abort();
    for (int i = 0; i < rows; i++)
        k[i] = (keyed){cell(xcol, i), i};
    qsort(k, (size_t)rows, sizeof *k, by_x);
    for (int i = 0; i < rows; i++)
        order[i] = k[i].row;
    free(k);
    return order;
}

static double *sorted_column(arena *a, value c, const int *order, int rows)
{
    double *x = arena_alloc(a, ((size_t)rows + 1) * sizeof *x);
    for (int i = 0; i < rows; i++)
        x[i] = cell(c, order[i]);
    return x;
}

int plotdata_table(arena *a, value t, const plotdata_request *rq, plot_figure *fig,
                   char *err, size_t errlen)
{
    const vobj *o = t.u.obj;
    int ncols = o->u.rec.n, xcol = -1, ny = 0;
    for (int c = 0; c < ncols; c++) {
        if (!column_numeric(o->u.rec.vals[c]))
            continue;
        if (xcol < 0)
            xcol = c;
        else
            ny++;
    }
    if (ny == 0) {
        snprintf(err, errlen, "a table plot needs two columns of numbers (x, then y); this table has %s",
                 xcol < 0 ? "none" : "only one");
        return -1;
    }
    memset(fig, 0, sizeof *fig);
    int rows = column_rows(o->u.rec.vals[xcol]);
    int *order = rows_by_x(o->u.rec.vals[xcol], rows);
    const double *x = sorted_column(a, o->u.rec.vals[xcol], order, rows);
    plot_series *s = arena_alloc(a, (size_t)ny * sizeof *s);
    for (int c = xcol + 1, k = 0; c < ncols; c++) {
        if (!column_numeric(o->u.rec.vals[c]))
            continue;
        s[k++] = (plot_series){o->u.rec.keys[c], x, sorted_column(a, o->u.rec.vals[c], order, rows), rows};
    }
    free(order);
    fig->title = rq->title;
    fig->xlabel = o->u.rec.keys[xcol];
    fig->ylabel = ny == 1 ? s[0].name : NULL;
    fig->palette = PLOT_CATEGORY;
    fig->markers = 1;
    fig->series = s;
    fig->nseries = ny;
    set_axes(fig, rq->axes, PLOT_LINEAR);
    return 0;
}
