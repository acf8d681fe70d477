#include "plotdata.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "numfmt.h"
#include "result.h"

/* An item's curves, before colours and styles are chosen. */
typedef struct curve {
    const char *name;
    const double *x, *y, *err;
    int n;
} curve;

typedef struct curves {
    curve *c;
    int n;
    const char *xlabel, *ylabel;
    int ordered;                /* groups of a `by` on numbers, in their order */
} curves;

static const char *const option_name[] = {
    [PD_AT_X] = "x", [PD_AT_Y] = "y", [PD_AT_BY] = "by", [PD_AT_ERR] = "err",
    [PD_AT_SERIES] = "series",
};

static int fail(plotdata_error *e, plotdata_at at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(plotdata_error *e, plotdata_at at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    e->at = at;
    return -1;
}

static void set_axes(plot_figure *fig, plotdata_axes axes, plot_scale default_y)
{
    fig->xscale = axes == PLOTDATA_LOGLOG ? PLOT_LOG : PLOT_LINEAR;
    fig->yscale = axes == PLOTDATA_DEFAULT ? default_y
                : axes == PLOTDATA_LINEAR ? PLOT_LINEAR : PLOT_LOG;
}

/* ---- runs ---- */

static const double *run_series(const result *r, const char *name)
{
    if (!name || strcmp(name, "level") == 0)
        return r->levels;
    if (strcmp(name, "align") == 0)
        return r->align;
    int s = result_find_series(r, name);
    return s >= 0 ? r->series[s].x : NULL;
}

/* "level, align, train_loss and test_acc" */
static void recorded(const result *r, char *buf, size_t size)
{
    snprintf(buf, size, "level%s", r->align ? ", align" : "");
    for (int e = 0; e < r->nseries; e++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", e + 1 == r->nseries ? " and " : ", ",
                 r->series[e].name);
}

static int run_curves(arena *a, const result *r, const plotdata_request *rq, curves *out,
                      plotdata_error *e)
{
    out->xlabel = "step";
    if (rq->loss) {
        out->c = arena_alloc(a, sizeof *out->c);
        out->c[0] = (curve){"loss", r->steps, r->loss, NULL, r->nrec};
        out->n = 1;
        out->ylabel = "loss";
        return 0;
    }
    const double *all = run_series(r, rq->series);
    if (!all) {
        char names[200];
        recorded(r, names, sizeof names);
        snprintf(e->hint, sizeof e->hint, "it recorded %s%s", names,
                 strcmp(rq->series, "align") == 0
                     ? "; a geometry model records align with record = [level, loss, align]" : "");
        return fail(e, PD_AT_SERIES, "a run of '%s' has no series '%s'", r->model, rq->series);
    }
    out->ylabel = rq->series ? rq->series : "level";
    out->c = arena_alloc(a, ((size_t)r->nskills + 1) * sizeof *out->c);
    for (int k = 0; k < r->nskills; k++) {
        double *y = arena_alloc(a, ((size_t)r->nrec + 1) * sizeof *y);
        for (int row = 0; row < r->nrec; row++)
            y[row] = all[(size_t)row * r->nskills + k];
        out->c[k] = (curve){r->names[k], r->steps, y, NULL, r->nrec};
    }
    out->n = r->nskills;
    return 0;
}

/* ---- tables ---- */

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

/* A cell as a group's name: a number in its shortest form, a string as it is. */
static const char *cell_text(arena *a, value c, int row)
{
    char buf[NUMFMT_MAX];
    if (c.kind == V_VEC || value_is_number(c.u.obj->u.list.items[row]))
        return arena_strdup(a, numfmt(buf, cell(c, row)));
    value v = c.u.obj->u.list.items[row];
    return v.kind == V_STR ? v.u.obj->u.str.text : value_kind_name(v.kind);
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

/* Column C at the rows ORDER lists. */
static double *picked(arena *a, value c, const int *order, int rows)
{
    double *x = arena_alloc(a, ((size_t)rows + 1) * sizeof *x);
    for (int i = 0; i < rows; i++)
        x[i] = cell(c, order[i]);
    return x;
}

/* A column the table's options use: its values, name and index (-1 for
 * values given instead of a name). */
typedef struct column {
    value v;
    const char *name;
    int index;
} column;

static int table_rows(const vobj *o)
{
    return o->u.rec.n ? column_rows(o->u.rec.vals[0]) : 0;
}

static void no_column(const vobj *o, const char *name, plotdata_at at, plotdata_error *e)
{
    const char *near = diag_suggest(name, o->u.rec.keys, o->u.rec.n);
    if (near)
        snprintf(e->note, sizeof e->note, "did you mean '%s'?", near);
    size_t len = (size_t)snprintf(e->hint, sizeof e->hint, "its columns are");
    for (int c = 0; c < o->u.rec.n && len < sizeof e->hint; c++)
        len += (size_t)snprintf(e->hint + len, sizeof e->hint - len, "%s %s", c ? "," : ":",
                                o->u.rec.keys[c]);
    fail(e, at, "this table has no column '%s'", name);
}

/* The column option OPT chooses, checked; index -2 if none is chosen. */
static int chosen(const vobj *o, const plotdata_column *opt, plotdata_at at, int numeric,
                  column *col, plotdata_error *e)
{
    *col = (column){{V_NONE, {0}}, NULL, -2};
    if (opt->name) {
        for (int c = 0; c < o->u.rec.n && col->index < 0; c++)
            if (strcmp(o->u.rec.keys[c], opt->name) == 0)
                *col = (column){o->u.rec.vals[c], o->u.rec.keys[c], c};
        if (col->index < 0) {
            no_column(o, opt->name, at, e);
            return -1;
        }
    } else if (opt->values.kind != V_NONE) {
        *col = (column){opt->values, opt->label, -1};
        if (column_rows(col->v) != table_rows(o))
            return fail(e, at, "'%s' has %d values; the table has %d rows", option_name[at],
                        column_rows(col->v), table_rows(o));
    } else {
        return 0;
    }
    if (numeric && !column_numeric(col->v))
        return fail(e, at, "'%s' must be numbers; '%s' is not", option_name[at], col->name);
    return 0;
}

/* The columns drawn on y: the chosen one, or every column of numbers that
 * no other option uses. */
static int y_columns(const vobj *o, const column *x, const column *y, const column *by,
                     const column *err, column *ys)
{
    if (y->index != -2) {
        ys[0] = *y;
        return 1;
    }
    int ny = 0;
    for (int c = 0; c < o->u.rec.n; c++)
        if (c != x->index && c != by->index && c != err->index && column_numeric(o->u.rec.vals[c]))
            ys[ny++] = (column){o->u.rec.vals[c], o->u.rec.keys[c], c};
    return ny;
}

/* Without x: the first column of numbers no other option uses. */
static void default_x(const vobj *o, const column *y, const column *by, const column *err, column *x)
{
    for (int c = 0; c < o->u.rec.n && x->index == -2; c++)
        if (c != y->index && c != by->index && c != err->index && column_numeric(o->u.rec.vals[c]))
            *x = (column){o->u.rec.vals[c], o->u.rec.keys[c], c};
}

/* The rows of ORDER in each group of BY: groups of numbers ascending,
 * others in order of first appearance.  Returns the number of groups;
 * GROUP[i] is row ORDER[i]'s group, NAMES their texts. */
typedef struct grouping {
    int n;
    const char **names;
    double *at;                 /* a number's group: its value */
    int *of_row;                /* by table row */
} grouping;

static int group_rank(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    int na = a != a, nb = b != b;
    return na != nb ? na - nb : na ? 0 : (a > b) - (a < b);
}

static void group_rows(arena *a, value by, int rows, int numeric, grouping *g)
{
    g->names = arena_alloc(a, ((size_t)rows + 1) * sizeof *g->names);
    g->at = arena_alloc(a, ((size_t)rows + 1) * sizeof *g->at);
    g->of_row = arena_alloc(a, ((size_t)rows + 1) * sizeof *g->of_row);
    g->n = 0;
    for (int r = 0; r < rows; r++) {
        const char *text = cell_text(a, by, r);
        int k = 0;
        while (k < g->n && strcmp(g->names[k], text) != 0)
            k++;
        if (k == g->n) {
            g->names[k] = text;
            g->at[k] = numeric ? cell(by, r) : k;
            g->n++;
        }
    }
    if (numeric)
        qsort(g->at, (size_t)g->n, sizeof *g->at, group_rank);
    char buf[NUMFMT_MAX];
    for (int k = 0; numeric && k < g->n; k++)
        g->names[k] = arena_strdup(a, numfmt(buf, g->at[k]));
    for (int r = 0; r < rows; r++) {
        const char *text = cell_text(a, by, r);
        int k = 0;
        while (strcmp(g->names[k], text) != 0)
            k++;
        g->of_row[r] = k;
    }
}

/* The curve of column Y (and ERR) over the rows of ORDER in group K (-1: all). */
static curve group_curve(arena *a, const column *x, const column *y, const column *err,
                         const int *order, int rows, const grouping *g, int k, const char *name)
{
    int *mine = arena_alloc(a, ((size_t)rows + 1) * sizeof *mine), n = 0;
    for (int i = 0; i < rows; i++)
        if (k < 0 || g->of_row[order[i]] == k)
            mine[n++] = order[i];
    return (curve){name, picked(a, x->v, mine, n), picked(a, y->v, mine, n),
                   err->index != -2 ? picked(a, err->v, mine, n) : NULL, n};
}

static const char *curve_name(arena *a, const column *y, int ny, const column *by, const grouping *g, int k)
{
    if (k < 0)
        return y->name;
    if (ny == 1)
        return arena_printf(a, "%s = %s", by->name, g->names[k]);
    return arena_printf(a, "%s, %s = %s", y->name, by->name, g->names[k]);
}

static int fill_table_curves(arena *a, const vobj *o, const column *x, const column *ys, int ny,
                             const column *by, const column *err, curves *out)
{
    int rows = table_rows(o);
    int *order = rows_by_x(x->v, rows);
    grouping g = {0, NULL, NULL, NULL};
    int ngroups = 1;
    if (by->index != -2) {
        out->ordered = column_numeric(by->v);
        group_rows(a, by->v, rows, out->ordered, &g);
        ngroups = g.n;
    }
    out->c = arena_alloc(a, ((size_t)ngroups * ny + 1) * sizeof *out->c);
    for (int k = 0; k < ngroups; k++)
        for (int j = 0; j < ny; j++) {
            int group = by->index != -2 ? k : -1;
            out->c[out->n++] = group_curve(a, x, &ys[j], err, order, rows, &g, group,
                                           curve_name(a, &ys[j], ny, by, &g, group));
        }
    free(order);
    out->xlabel = x->name;
    out->ylabel = ny == 1 ? ys[0].name : NULL;
    return 0;
}

static int table_curves(arena *a, value t, const plotdata_request *rq, curves *out, plotdata_error *e)
{
    const vobj *o = t.u.obj;
    column x, y, by, err;
    if (chosen(o, &rq->x, PD_AT_X, 1, &x, e) || chosen(o, &rq->y, PD_AT_Y, 1, &y, e) ||
        chosen(o, &rq->by, PD_AT_BY, 0, &by, e) || chosen(o, &rq->err, PD_AT_ERR, 1, &err, e))
        return -1;
    if (x.index == -2)
        default_x(o, &y, &by, &err, &x);
    column *ys = arena_alloc(a, ((size_t)o->u.rec.n + 1) * sizeof *ys);
    int ny = x.index == -2 ? 0 : y_columns(o, &x, &y, &by, &err, ys);
    if (ny == 0)
        return fail(e, PD_AT_ITEM, "a table plot needs two columns of numbers (x, then y); this table has %s",
                    x.index == -2 ? "none" : "only one");
    if (err.index != -2 && ny > 1) {
        snprintf(e->hint, sizeof e->hint, "choose the column they belong to with y: NAME");
        return fail(e, PD_AT_ERR, "'err' gives one column of error bars, and this plot draws %d columns", ny);
    }
    return fill_table_curves(a, o, &x, ys, ny, &by, &err, out);
}

/* ---- figures ---- */

static int item_curves(arena *a, const plotdata_item *it, const plotdata_request *rq, curves *out,
                       plotdata_error *e)
{
    memset(out, 0, sizeof *out);
    if (it->v.kind == V_RESULT)
        return run_curves(a, it->v.u.obj->u.res, rq, out, e);
    return table_curves(a, it->v, rq, out, e);
}

static plot_style item_style(const plotdata_request *rq, const plotdata_item *it, int listed)
{
    if (rq->style != PLOTDATA_AS_KIND)
        return rq->style == PLOTDATA_MARKERS ? PLOT_MARKERS : PLOT_LINE;
    if (!listed)
        return it->v.kind == V_RESULT ? PLOT_LINE : PLOT_LINE_MARKERS;
    return it->v.kind == V_RESULT && it->theory ? PLOT_LINE : PLOT_MARKERS;
}

/* A legend's sample: a line, unless only markers are drawn. */
static plot_style key_style(plot_style s)
{
    return s == PLOT_MARKERS ? PLOT_MARKERS : PLOT_LINE;
}

static void add_series(plot_figure *fig, plot_series *s, const curve *c, int colour, plot_style style,
                       int variant)
{
    s[fig->nseries++] = (plot_series){c->name, c->x, c->y, c->n, c->err, colour, style, variant};
}

/* One value, drawn as it always was: a colour a curve. */
static void single_figure(arena *a, const plotdata_item *it, const curves *cv, const plotdata_request *rq,
                          plot_figure *fig)
{
    plot_series *s = arena_alloc(a, ((size_t)cv->n + 1) * sizeof *s);
    plot_key *keys = arena_alloc(a, ((size_t)cv->n + 1) * sizeof *keys);
    plot_style style = item_style(rq, it, 0);
    for (int k = 0; k < cv->n; k++) {
        add_series(fig, s, &cv->c[k], k, style, 0);
        keys[k] = (plot_key){cv->c[k].name, k, key_style(style), 0};
    }
    fig->series = s;
    fig->keys = keys;
    fig->nkeys = fig->ncolours = cv->n;
    fig->palette = it->v.kind == V_RESULT || cv->ordered ? PLOT_VIRIDIS : PLOT_CATEGORY;
    fig->xlabel = cv->xlabel;
    fig->ylabel = cv->ylabel;
}

static int colour_named(const char **names, int *n, const char *name)
{
    for (int k = 0; k < *n; k++)
        if (strcmp(names[k], name) == 0)
            return k;
    names[*n] = name;
    return (*n)++;
}

/* Several values: a style each (a key each), and a colour each when each
 * has one curve, or else a colour a curve name shared by all. */
static void list_figure(arena *a, const plotdata_item *items, int nitems, const curves *cv,
                        const plotdata_request *rq, plot_figure *fig)
{
    int total = 0, one_each = 1, ordered = 1, runs = 1, nvariants[3] = {0, 0, 0};
    for (int i = 0; i < nitems; i++) {
        total += cv[i].n;
        one_each &= cv[i].n == 1;
        ordered &= cv[i].ordered;
        runs &= items[i].v.kind == V_RESULT;
    }
    plot_series *s = arena_alloc(a, ((size_t)total + 1) * sizeof *s);
    plot_key *keys = arena_alloc(a, ((size_t)total + nitems + 1) * sizeof *keys);
    const char **names = arena_alloc(a, ((size_t)total + 1) * sizeof *names);
    int ncolours = 0;
    for (int i = 0; i < nitems; i++) {
        plot_style style = item_style(rq, &items[i], 1);
        int variant = nvariants[style]++;
        keys[fig->nkeys++] = (plot_key){items[i].name, one_each ? i : -1, key_style(style), variant};
        for (int k = 0; k < cv[i].n; k++)
            add_series(fig, s, &cv[i].c[k], one_each ? i : colour_named(names, &ncolours, cv[i].c[k].name),
                       style, variant);
    }
    for (int k = 0; !one_each && k < ncolours; k++)
        keys[fig->nkeys++] = (plot_key){names[k], k, PLOT_LINE, 0};
    fig->series = s;
    fig->keys = keys;
    fig->ncolours = one_each ? nitems : ncolours;
    fig->palette = !one_each && (runs || ordered) ? PLOT_VIRIDIS : PLOT_CATEGORY;
    fig->xlabel = cv[0].xlabel;
    fig->ylabel = cv[0].ylabel;
    for (int i = 1; i < nitems && fig->ylabel; i++)
        if (!cv[i].ylabel || strcmp(cv[i].ylabel, fig->ylabel) != 0)
            fig->ylabel = NULL;
}

/* Every item's x must be the same quantity: a run's step, a table's x column. */
static int same_x(const plotdata_item *items, int nitems, const curves *cv, plotdata_error *e)
{
    for (int i = 1; i < nitems; i++) {
        if (strcmp(cv[i].xlabel, cv[0].xlabel) == 0)
            continue;
        e->item = i;
        snprintf(e->hint, sizeof e->hint, "a run's x is its step; a table's is chosen with x: NAME");
        return fail(e, PD_AT_ITEM, "cannot draw '%s' with '%s': its x is %s, theirs %s", items[i].name,
                    items[0].name, cv[i].xlabel, cv[0].xlabel);
    }
    return 0;
}

static int all_curves(arena *a, const plotdata_item *items, int nitems, const plotdata_request *rq,
                      curves *cv, plotdata_error *e)
{
    for (int i = 0; i < nitems; i++) {
        e->item = i;
        if (item_curves(a, &items[i], rq, &cv[i], e) != 0)
            return -1;
    }
    return 0;
}

int plotdata_build(arena *a, const plotdata_item *items, int nitems, int listed,
                   const plotdata_request *rq, plot_figure *fig, plotdata_error *e)
{
    memset(e, 0, sizeof *e);
    memset(fig, 0, sizeof *fig);
    curves *cv = arena_alloc(a, ((size_t)nitems + 1) * sizeof *cv);
    if (all_curves(a, items, nitems, rq, cv, e) != 0 || same_x(items, nitems, cv, e) != 0)
        return -1;
    if (listed)
        list_figure(a, items, nitems, cv, rq, fig);
    else
        single_figure(a, &items[0], &cv[0], rq, fig);
    fig->title = rq->title;
    if (rq->xlabel)
        fig->xlabel = rq->xlabel;
    if (rq->ylabel)
        fig->ylabel = rq->ylabel;
    int loss_only = 1;
    for (int i = 0; i < nitems; i++)
        loss_only &= items[i].v.kind == V_RESULT && rq->loss;
    set_axes(fig, rq->axes, loss_only ? PLOT_LOG : PLOT_LINEAR);
    return 0;
}
