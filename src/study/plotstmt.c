#include "plotstmt.h"

#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plotdata.h"
#include "plotopts.h"
#include "result.h"

int plotstmt_drawable(value v)
{
    return v.kind == V_RESULT || v.kind == V_TABLE || v.kind == V_LIST;
}

/* E as written, blanks squeezed, cut to about 60 bytes. */
static char *written(arena *a, const ast_expr *e)
{
    enum { MAX = 60 };
    char text[MAX + 1];
    size_t n = 0;
    int cut = 0;
    for (size_t i = e->at.off; i < e->at.end && !cut; i++) {
        char c = e->at.src->text[i];
        int blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (blank && (n == 0 || text[n - 1] == ' '))
            continue;
        if (n == MAX)
            cut = 1;
        else
            text[n++] = blank ? ' ' : c;
    }
    if (cut) {
        n = MAX - 3;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;                /* not inside a UTF-8 sequence */
        memcpy(text + n, "...", 3);
        n += 3;
    }
    text[n] = '\0';
    return arena_strdup(a, text);
}

/* E as written, then MODEL (a run's) unless E is just its name. */
static const char *named(arena *a, const ast_expr *e, const char *model)
{
    const char *text = written(a, e);
    if (!model || strcmp(model, text) == 0)
        return text;
    return arena_printf(a, "%s (%s)", text, model);
}

/* ---- options ---- */

typedef struct plot_options {
    const ast_setting *given[PO_COUNT];
    plotdata_request rq;
} plot_options;

static int text_option(eval_ctx *ev, arena *a, const ast_setting *o, const char **out)
{
    value v;
    if (!o)
        return 0;
    if (eval_expr(ev, o->value, &v) != 0)
        return -1;
    int ok = v.kind == V_STR;
    if (ok)
        *out = arena_strdup(a, v.u.obj->u.str.text);
    else
        diag_error(ev->d, o->value->at, "'%s' must be a string, not %s", o->key, value_kind_name(v.kind));
    value_release(v);
    return ok ? 0 : -1;
}

/* A bare name is the name itself (of a column or a series). */
static int name_or_value(eval_ctx *ev, arena *a, const ast_setting *o, const char **name, value *v)
{
    *v = (value){V_NONE, {0}};
    if (o->value->kind == E_NAME) {
        *name = o->value->u.name;
        return 0;
    }
    if (eval_expr(ev, o->value, v) != 0)
        return -1;
    if (v->kind == V_STR) {
        *name = arena_strdup(a, v->u.obj->u.str.text);
        value_release(*v);
        *v = (value){V_NONE, {0}};
    }
    return 0;
}

static int series_option(eval_ctx *ev, arena *a, const ast_setting *o, const char **out)
{
    value v;
    if (!o)
        return 0;
    if (name_or_value(ev, a, o, out, &v) != 0)
        return -1;
    if (v.kind == V_NONE)
        return 0;
    diag_error(ev->d, o->value->at, "'series' takes a series' name, not %s", value_kind_name(v.kind));
    diag_hint(ev->d, "as in series: align");
    value_release(v);
    return -1;
}

/* A column's name, or values: a vector or a list, one a row. */
static int column_option(eval_ctx *ev, arena *a, const ast_setting *o, plotdata_column *c)
{
    if (!o)
        return 0;
    if (name_or_value(ev, a, o, &c->name, &c->values) != 0)
        return -1;
    if (c->values.kind == V_NONE || c->values.kind == V_VEC || c->values.kind == V_LIST) {
        c->label = written(a, o->value);
        return 0;
    }
    diag_error(ev->d, o->value->at, "'%s' takes a column's name or a vector, not %s", o->key,
               value_kind_name(c->values.kind));
    diag_hint(ev->d, "as in %s", plotopt_at(plotopt_find(o->key))->example);
    value_release(c->values);
    c->values = (value){V_NONE, {0}};
    return -1;
}

static void release_options(plot_options *p)
{
    value_release(p->rq.x.values);
    value_release(p->rq.y.values);
    value_release(p->rq.by.values);
    value_release(p->rq.err.values);
}

static int read_options(eval_ctx *ev, arena *a, const ast_vec *opts, plot_options *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < opts->n; i++) {
        const ast_setting *o = opts->items[i];
        p->given[plotopt_find(o->key)] = o;     /* the checker let only known ones through */
    }
    const ast_setting **g = p->given;
    plotdata_request *rq = &p->rq;
    rq->loss = g[PO_LOSS] != NULL;
    rq->axes = g[PO_LOG] ? PLOTDATA_LOG : g[PO_LOGLOG] ? PLOTDATA_LOGLOG
             : g[PO_LINEAR] ? PLOTDATA_LINEAR : PLOTDATA_DEFAULT;
    rq->style = g[PO_MARKERS] ? PLOTDATA_MARKERS : g[PO_LINES] ? PLOTDATA_LINES : PLOTDATA_AS_KIND;
    if (text_option(ev, a, g[PO_TITLE], &rq->title) || text_option(ev, a, g[PO_XLABEL], &rq->xlabel) ||
        text_option(ev, a, g[PO_YLABEL], &rq->ylabel) || series_option(ev, a, g[PO_SERIES], &rq->series) ||
        column_option(ev, a, g[PO_X], &rq->x) || column_option(ev, a, g[PO_Y], &rq->y) ||
        column_option(ev, a, g[PO_BY], &rq->by) || column_option(ev, a, g[PO_ERR], &rq->err))
        return -1;
    return 0;
}

/* ---- what is drawn ---- */

/* A run of a theory (Resource, Domino, Quanta) is drawn as lines among data. */
static int theory_run(const ir_program *ir, value v)
{
    if (v.kind != V_RESULT)
        return 0;
    const char *model = v.u.obj->u.res->model;
    for (int k = 0; model && k < ir->nmodels; k++)
        if (strcmp(ir->models[k].name, model) == 0)
            return ir->models[k].kind == MODEL_RESOURCE || ir->models[k].kind == MODEL_DOMINO ||
                   ir->models[k].kind == MODEL_QUANTA;
    return 0;
}

static const char *model_of(value v)
{
    return v.kind == V_RESULT ? v.u.obj->u.res->model : NULL;
}

/* Where item I was written: its place in a list written out, or the plotted expression. */
static loc item_at(const ast_stmt *s, int listed, int i)
{
    const ast_expr *e = s->value;
    if (listed && e->kind == E_LIST)
        return ((const ast_expr *)e->u.list.items.items[i])->at;
    return e->at;
}

static const char *item_name(arena *a, const ast_stmt *s, value v, int i)
{
    if (s->value->kind == E_LIST)
        return named(a, s->value->u.list.items.items[i], model_of(v));
    if (v.kind == V_RESULT && model_of(v))
        return model_of(v);
    return arena_printf(a, "%s %d", v.kind == V_RESULT ? "run" : "table", i + 1);
}

static int list_items(eval_ctx *ev, arena *a, const ast_stmt *s, value v, plotdata_item **items, int *n)
{
    const vobj *o = v.u.obj;
    if (o->u.list.n == 0) {
        diag_error(ev->d, s->value->at, "nothing to plot: the list is empty");
        return -1;
    }
    *items = arena_alloc(a, (size_t)o->u.list.n * sizeof **items);
    for (int i = 0; i < o->u.list.n; i++) {
        value it = o->u.list.items[i];
        if (it.kind != V_RESULT && it.kind != V_TABLE) {
            loc at = item_at(s, 1, i);
            diag_error(ev->d, at, "'plot' draws run results and tables, not %s", value_kind_name(it.kind));
            return -1;
        }
        (*items)[i] = (plotdata_item){it, item_name(a, s, it, i), theory_run(ev->ir, it)};
    }
    *n = o->u.list.n;
    return 0;
}

/* ---- options that do not apply ---- */

static int count_kind(const plotdata_item *items, int n, value_kind kind)
{
    int count = 0;
    for (int i = 0; i < n; i++)
        count += items[i].v.kind == kind;
    return count;
}

static int run_options_apply(eval_ctx *ev, const plot_options *p, int listed)
{
    const ast_setting *o = p->given[PO_LOSS] ? p->given[PO_LOSS] : p->given[PO_SERIES];
    if (!o)
        return 0;
    if (!listed && o == p->given[PO_LOSS]) {
        diag_error(ev->d, o->key_loc, "'loss' plots a run's loss; this is a table");
        diag_hint(ev->d, "a table's columns are drawn against its first column of numbers");
    } else {
        diag_error(ev->d, o->key_loc, "'%s' chooses what a run draws; %s", o->key,
                   listed ? "this list has no run" : "this is a table");
    }
    return -1;
}

static int table_options_apply(eval_ctx *ev, const plot_options *p, int listed)
{
    static const plotopt_id columns[] = {PO_X, PO_Y, PO_BY, PO_ERR};
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++) {
        const ast_setting *o = p->given[columns[i]];
        if (!o)
            continue;
        diag_error(ev->d, o->key_loc, "'%s' chooses a table's column; %s", o->key,
                   listed ? "this list has no table" : "this is a run");
        diag_hint(ev->d, "a run is drawn against its steps; series: NAME chooses what it draws on y");
        return -1;
    }
    return 0;
}

static int options_apply(eval_ctx *ev, const plot_options *p, const plotdata_item *items, int n, int listed)
{
    if (count_kind(items, n, V_RESULT) == 0 && run_options_apply(ev, p, listed) != 0)
        return -1;
    if (count_kind(items, n, V_TABLE) == 0 && table_options_apply(ev, p, listed) != 0)
        return -1;
    return 0;
}

/* ---- drawing ---- */

static loc error_at(const ast_stmt *s, const plot_options *p, int listed, const plotdata_error *e)
{
    static const plotopt_id option[] = {
        [PD_AT_X] = PO_X, [PD_AT_Y] = PO_Y, [PD_AT_BY] = PO_BY, [PD_AT_ERR] = PO_ERR,
        [PD_AT_SERIES] = PO_SERIES,
    };
    if (e->at == PD_AT_ITEM)
        return item_at(s, listed, e->item);
    const ast_setting *o = p->given[option[e->at]];
    return o->value ? o->value->at : o->key_loc;
}

static void report(eval_ctx *ev, loc at, const plotdata_error *e)
{
    diag_error(ev->d, at, "%s", e->text);
    if (e->note[0])
        diag_note(ev->d, NULL, "%s", e->note);
    if (e->hint[0])
        diag_hint(ev->d, "%s", e->hint);
}

static int write_figure(eval_ctx *ev, const ast_stmt *s, const plot_figure *fig, const char *path)
{
    char err[1024];
    int rc = plot_check(fig, err, sizeof err);
    if (rc != 0) {
        diag_error(ev->d, s->value->at, "%s", err);
        if (rc == -2)
            diag_hint(ev->d, "'linear' draws both axes linear");
    } else if ((rc = plot_write(fig, path, ev->output, err, sizeof err)) != 0) {
        if (!cancel_requested(ev->cancel))
            diag_error(ev->d, s->u.out.path->at, "%s", err);
    }
    return rc ? -1 : 0;
}

static int draw_items(eval_ctx *ev, arena *a, const ast_stmt *s, plot_options *p,
                      const plotdata_item *items, int n, int listed, const char *path)
{
    if (options_apply(ev, p, items, n, listed) != 0)
        return -1;
    if (!p->rq.title)
        p->rq.title = named(a, s->value, listed ? NULL : model_of(items[0].v));
    plot_figure fig;
    plotdata_error e;
    if (plotdata_build(a, items, n, listed, &p->rq, &fig, &e) != 0) {
        report(ev, error_at(s, p, listed, &e), &e);
        return -1;
    }
    return write_figure(ev, s, &fig, path);
}

int plotstmt_draw(eval_ctx *ev, const ast_stmt *s, value v, const char *path)
{
    if (!plot_format_known(path)) {
        diag_error(ev->d, s->u.out.path->at, "unknown plot format for '%s'", path);
        diag_hint(ev->d, "use a file name ending in .svg, .png or .pdf");
        return -1;
    }
    arena *a = arena_new();
    plot_options p;
    int rc = read_options(ev, a, &s->u.out.opts, &p);
    plotdata_item one = {v, NULL, theory_run(ev->ir, v)}, *items = &one;
    int n = 1, listed = v.kind == V_LIST;
    if (rc == 0 && listed)
        rc = list_items(ev, a, s, v, &items, &n);
    if (rc == 0)
        rc = draw_items(ev, a, s, &p, items, n, listed, path);
    release_options(&p);
    arena_free(a);
    return rc;
}
