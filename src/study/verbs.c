/* verbs.c - the table verbs `where`, `sort by`, `group by`, `select`,
 * `join ... by` and `with`: each makes a new table from the one before it.
 * Their expressions see the table's columns by name, bound to one row's
 * values (`where`, `with`) or to one group's values (`group by`). */
#include "verbs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "xalloc.h"

static const char *const verb_words[] = {
    [VERB_WHERE] = "where", [VERB_GROUP] = "group by", [VERB_SORT] = "sort by",
    [VERB_SELECT] = "select", [VERB_JOIN] = "join", [VERB_WITH] = "with",
};

/* ---- errors ---- */

static int no_column(eval_ctx *ev, value t, const char *name, loc at, const char *which)
{
    int n = table_ncols(t);
    const char **names = calloc((size_t)n + 1, sizeof *names);
    char list[256] = "";
    size_t used = 0;
    for (int c = 0; c < n; c++) {
        names[c] = table_name(t, c);
        if (used < sizeof list)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", c ? ", " : "", names[c]);
    }
    diag_error(ev->d, at, "%s has no column '%s'", which, name);
    const char *near = diag_suggest(name, names, n);
    if (near)
        diag_note(ev->d, NULL, "did you mean '%s'?", near);
    else
        diag_hint(ev->d, n ? "its columns are %s" : "it has no columns%s", n ? list : "");
    free(names);
    return -1;
}

/* The index of each of COLUMNS (ast_column*) in T, into IDX; -1 after an error. */
static int find_columns(eval_ctx *ev, value t, const ast_vec *columns, const char *which, int *idx)
{
    for (int i = 0; i < columns->n; i++) {
        const ast_column *c = columns->items[i];
        const char *name = c->from ? c->from : c->name;
        if ((idx[i] = table_find(t, name)) < 0)
            return no_column(ev, t, name, c->from ? c->from_at : c->at, which);
    }
    return 0;
}

/* One value a row or a group gives: not a vector, list, matrix or table. */
static int one_value(eval_ctx *ev, const ast_setting *f, value v, const char *per)
{
    if (v.kind != V_VEC && v.kind != V_LIST && v.kind != V_MATRIX && v.kind != V_TABLE && v.kind != V_NONE)
        return 0;
    int n = v.kind == V_VEC ? v.u.obj->u.vec.n : v.kind == V_LIST ? v.u.obj->u.list.n : -1;
    if (n >= 0)
        diag_error(ev->d, f->value->at, "'%s' must be one value per %s, not %s of %d", f->key, per,
                   value_kind_name(v.kind), n);
    else
        diag_error(ev->d, f->value->at, "'%s' must be one value per %s, not %s", f->key, per,
                   value_kind_name(v.kind));
    if (strcmp(per, "group") == 0)
        diag_hint(ev->d, "inside the braces each column is the group's values: reduce them with "
                  "count, mean, median, quantile, min, max, stderr or sum");
    else
        diag_hint(ev->d, "here each column is one row's value; to reduce over rows use 'group by'");
    return -1;
}

/* ---- the scope an expression sees: the columns by name ---- */

/* A frame over the caller's locals holding one variable per column of T,
 * in column order (so that its values can be replaced in place). */
static void frame_open(scope *frame, eval_ctx *ev, value t)
{
    int n = table_ncols(t);
    *frame = (scope){ev->locals, calloc((size_t)n + 1, sizeof(scope_var)), n, n + 1, 0};
    if (!frame->vars)
        abort();
    for (int c = 0; c < n; c++)
        frame->vars[c] = (scope_var){table_name(t, c), {V_NONE, {0}}};
}

static void frame_set(scope *frame, int c, value v)
{
    value_release(frame->vars[c].v);
    frame->vars[c].v = v;
}

static void frame_set_row(scope *frame, value t, int row)
{
    for (int c = 0; c < table_ncols(t); c++)
        frame_set(frame, c, table_cell(t, row, c));
}

/* Evaluates E in FRAME. */
static int eval_in(eval_ctx *ev, scope *frame, const ast_expr *e, value *out)
{
    scope *saved = ev->locals;
    ev->locals = frame;
    int rc = eval_expr(ev, e, out);
    ev->locals = saved;
    return rc;
}

/* ---- where ---- */

static int verb_where(eval_ctx *ev, const ast_expr *e, value t, value *out)
{
    int n = table_nrows(t), kept = 0, rc = 0;
    int *rows = table_index(n);
    scope frame;
    frame_open(&frame, ev, t);
    for (int r = 0; r < n && rc == 0; r++) {
        frame_set_row(&frame, t, r);
        value v;
        if ((rc = eval_in(ev, &frame, e->u.verb.arg, &v)) != 0) {
            diag_note(ev->d, NULL, "in row %d of the table", r + 1);
            break;
        }
        if (!value_is_number(v)) {
            diag_error(ev->d, e->u.verb.arg->at, "'where' needs true or false for each row, not %s",
                       value_kind_name(v.kind));
            diag_hint(ev->d, "here each column is one row's value");
            rc = -1;
        } else if (value_truthy(v)) {
            rows[kept++] = r;
        }
        value_release(v);
    }
    scope_clear(&frame);
    if (rc == 0)
        *out = table_take(t, rows, kept);
    free(rows);
    return rc;
}

/* ---- sort by ---- */

typedef struct keyed {
    value t, u;                 /* compare rows of T (a) with rows of U (b) */
    const int *tcol, *ucol;     /* the key columns in each */
    const int *desc;            /* per key, or NULL */
    int nkeys;
} keyed;

static int compare_keys(int a, int b, void *ctx)
{
    const keyed *k = ctx;
    for (int i = 0; i < k->nkeys; i++) {
        value x = table_peek(k->t, a, k->tcol[i]), y = table_peek(k->u, b, k->ucol[i]);
        int r = table_compare(x, y);
        int nan = value_is_number(x) && value_is_number(y) && (isnan(x.u.num) || isnan(y.u.num));
        if (r != 0)
            return k->desc && k->desc[i] && !nan ? -r : r;     /* NaN last either way */
    }
    return 0;
}

static int verb_sort(eval_ctx *ev, const ast_expr *e, value t, value *out)
{
    const ast_vec *keys = &e->u.verb.columns;
    int *cols = calloc((size_t)keys->n, sizeof *cols), *desc = calloc((size_t)keys->n, sizeof *desc);
    int rc = find_columns(ev, t, keys, "the table before 'sort by'", cols);
    if (rc == 0) {
        for (int i = 0; i < keys->n; i++)
            desc[i] = ((const ast_column *)keys->items[i])->desc;
        int n = table_nrows(t);
        int *rows = table_index(n);
        keyed k = {t, t, cols, cols, desc, keys->n};
        table_sort_index(rows, n, compare_keys, &k);
        *out = table_take(t, rows, n);
        free(rows);
    }
    free(cols);
    free(desc);
    return rc;
}

/* ---- group by ---- */

typedef struct groups {
    int *rows;                  /* the rows, sorted by key: each group's rows together, in order */
    int *start;                 /* group g is rows[start[g] .. start[g + 1]) */
    int *order;                 /* the groups in the order of their first rows */
    int n;
} groups;

static int by_first_row(int a, int b, void *ctx)
{
    const groups *g = ctx;
    int x = g->rows[g->start[a]], y = g->rows[g->start[b]];
    return (x > y) - (x < y);
}

static void groups_make(groups *g, value t, const int *keys, int nkeys)
{
    int n = table_nrows(t);
    g->rows = table_index(n);
    keyed k = {t, t, keys, keys, NULL, nkeys};
    table_sort_index(g->rows, n, compare_keys, &k);
    g->start = table_index(n + 1);
    g->n = 0;
    for (int i = 0; i < n; i++)
        if (i == 0 || compare_keys(g->rows[i - 1], g->rows[i], &k) != 0)
            g->start[g->n++] = i;
    g->start[g->n] = n;
    g->order = table_index(g->n);
    table_sort_index(g->order, g->n, by_first_row, g);
}

static void groups_free(groups *g)
{
    free(g->rows);
    free(g->start);
    free(g->order);
}

/* Binds the key columns to the group's keys and the others to its values. */
static void frame_set_group(scope *frame, value t, const groups *g, int group, const int *is_key)
{
    const int *rows = g->rows + g->start[group];
    int m = g->start[group + 1] - g->start[group];
    for (int c = 0; c < table_ncols(t); c++)
        frame_set(frame, c, is_key[c] ? table_cell(t, rows[0], c) : table_pick(t, c, rows, m));
}

/* The aggregates of one group into CELLS[field * ngroups + slot].  They
 * see only the columns: `loss = median(loss), err = stderr(loss)` both
 * read the column. */
static int aggregate_group(eval_ctx *ev, const ast_expr *e, scope *frame, value *cells, int ngroups,
                           int slot, int first_row)
{
    const ast_vec *fields = &e->u.verb.fields;
    int rc = 0;
    for (int f = 0; f < fields->n && rc == 0; f++) {
        const ast_setting *field = fields->items[f];
        value v;
        if ((rc = eval_in(ev, frame, field->value, &v)) != 0) {
            diag_note(ev->d, NULL, "in the group of row %d of the table", first_row);
            break;
        }
        if ((rc = one_value(ev, field, v, "group")) != 0) {
            value_release(v);
            break;
        }
        cells[(size_t)f * ngroups + slot] = v;
    }
    return rc;
}

static value group_table(value t, const ast_expr *e, const int *keys, const groups *g, value *cells)
{
    const ast_vec *columns = &e->u.verb.columns, *fields = &e->u.verb.fields;
    int nkeys = columns->n;
    int *first = table_index(g->n);
    for (int i = 0; i < g->n; i++)
        first[i] = g->rows[g->start[g->order[i]]];
    value out = value_table(nkeys + fields->n);
    for (int k = 0; k < nkeys; k++) {
        out.u.obj->u.rec.keys[k] = table_name(t, keys[k]);
        out.u.obj->u.rec.vals[k] = table_pick(t, keys[k], first, g->n);
    }
    for (int f = 0; f < fields->n; f++) {
        out.u.obj->u.rec.keys[nkeys + f] = ((const ast_setting *)fields->items[f])->key;
        out.u.obj->u.rec.vals[nkeys + f] = table_column_of(cells + (size_t)f * g->n, g->n);
    }
    free(first);
    return out;
}

static int verb_group(eval_ctx *ev, const ast_expr *e, value t, value *out)
{
    const ast_vec *columns = &e->u.verb.columns, *fields = &e->u.verb.fields;
    int *keys = calloc((size_t)columns->n, sizeof *keys);
    int *is_key = calloc((size_t)table_ncols(t) + 1, sizeof *is_key);
    if (find_columns(ev, t, columns, "the table before 'group by'", keys) != 0) {
        free(keys);
        free(is_key);
        return -1;
    }
    for (int k = 0; k < columns->n; k++)
        is_key[keys[k]] = 1;
    groups g;
    groups_make(&g, t, keys, columns->n);
    value *cells = calloc((size_t)fields->n * g.n + 1, sizeof *cells);
    scope frame;
    frame_open(&frame, ev, t);
    int rc = 0;
    for (int i = 0; i < g.n && rc == 0; i++) {
        frame_set_group(&frame, t, &g, g.order[i], is_key);
        rc = aggregate_group(ev, e, &frame, cells, g.n, i, g.rows[g.start[g.order[i]]] + 1);
    }
    scope_clear(&frame);
    if (rc == 0)
        *out = group_table(t, e, keys, &g, cells);
    else
        for (int i = 0; i < fields->n * g.n; i++)
            value_release(cells[i]);
    free(cells);
    groups_free(&g);
    free(keys);
    free(is_key);
    return rc;
}

/* ---- select ---- */

static int verb_select(eval_ctx *ev, const ast_expr *e, value t, value *out)
{
    const ast_vec *items = &e->u.verb.columns;
    int *cols = calloc((size_t)items->n, sizeof *cols);
    int rc = find_columns(ev, t, items, "the table before 'select'", cols);
    if (rc == 0) {
        *out = value_table(items->n);
        for (int i = 0; i < items->n; i++) {
            out->u.obj->u.rec.keys[i] = ((const ast_column *)items->items[i])->name;
            out->u.obj->u.rec.vals[i] = value_retain(table_column(t, cols[i]));
        }
    }
    free(cols);
    return rc;
}

/* ---- join ---- */

static int has_nan_key(value t, int row, const int *cols, int n)
{
    for (int i = 0; i < n; i++) {
        value v = table_peek(t, row, cols[i]);
        if (value_is_number(v) && isnan(v.u.num))
            return 1;
    }
    return 0;
}

/* A column of U, not a key, that T has too: reported, and 1. */
static int clashing_column(eval_ctx *ev, const ast_expr *e, value t, value u, const int *is_ukey)
{
    for (int c = 0; c < table_ncols(u); c++)
        if (!is_ukey[c] && table_find(t, table_name(u, c)) >= 0) {
            const char *name = table_name(u, c);
            diag_error(ev->d, e->u.verb.verb_at, "both tables have a column '%s', which is not a key "
                       "of 'join'", name);
            diag_hint(ev->d, "join by it too, or rename it on one side, e.g. (T select ..., %s_2 = %s)",
                      name, name);
            return 1;
        }
    return 0;
}

/* The pairs of rows (of T, of U) whose keys are equal, in T's order and
 * for each row of T in U's: their count, and the pairs in *TROWS, *UROWS. */
static int matching_pairs(const keyed *k, int **trows, int **urows)
{
    int nt = table_nrows(k->t), nu = table_nrows(k->u), n = 0, tcap = 0, ucap = 0;
    int *ui = table_index(nu);
    keyed uk = {k->u, k->u, k->ucol, k->ucol, NULL, k->nkeys};
    table_sort_index(ui, nu, compare_keys, &uk);
    *trows = xgrow(NULL, &tcap, 1, sizeof **trows);
    *urows = xgrow(NULL, &ucap, 1, sizeof **urows);
    for (int r = 0; r < nt; r++) {
        if (has_nan_key(k->t, r, k->tcol, k->nkeys))
            continue;           /* a missing key matches nothing */
        int lo = 0, hi = nu;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (compare_keys(r, ui[mid], (void *)k) > 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (int j = lo; j < nu && compare_keys(r, ui[j], (void *)k) == 0; j++) {
            *trows = xgrow(*trows, &tcap, n + 1, sizeof **trows);
            *urows = xgrow(*urows, &ucap, n + 1, sizeof **urows);
            (*trows)[n] = r;
            (*urows)[n++] = ui[j];
        }
    }
    free(ui);
    return n;
}

static value joined_table(value t, value u, const int *is_ukey, const int *trows, const int *urows, int n)
{
    int nu = 0;
    for (int c = 0; c < table_ncols(u); c++)
        nu += !is_ukey[c];
    value out = value_table(table_ncols(t) + nu);
    int k = 0;
    for (int c = 0; c < table_ncols(t); c++, k++) {
        out.u.obj->u.rec.keys[k] = table_name(t, c);
        out.u.obj->u.rec.vals[k] = table_pick(t, c, trows, n);
    }
    for (int c = 0; c < table_ncols(u); c++)
        if (!is_ukey[c]) {
            out.u.obj->u.rec.keys[k] = table_name(u, c);
            out.u.obj->u.rec.vals[k++] = table_pick(u, c, urows, n);
        }
    return out;
}

static int join_tables(eval_ctx *ev, const ast_expr *e, value t, value u, value *out)
{
    const ast_vec *keys = &e->u.verb.columns;
    int *tcol = calloc((size_t)keys->n, sizeof *tcol), *ucol = calloc((size_t)keys->n, sizeof *ucol);
    int *is_ukey = calloc((size_t)table_ncols(u) + 1, sizeof *is_ukey);
    int rc = find_columns(ev, t, keys, "the table before 'join'", tcol);
    if (rc == 0)
        rc = find_columns(ev, u, keys, "the table after 'join'", ucol);
    for (int i = 0; rc == 0 && i < keys->n; i++)
        is_ukey[ucol[i]] = 1;
    if (rc == 0 && clashing_column(ev, e, t, u, is_ukey))
        rc = -1;
    if (rc == 0) {
        keyed k = {t, u, tcol, ucol, NULL, keys->n};
        int *trows, *urows;
        int n = matching_pairs(&k, &trows, &urows);
        *out = joined_table(t, u, is_ukey, trows, urows, n);
        free(trows);
        free(urows);
    }
    free(tcol);
    free(ucol);
    free(is_ukey);
    return rc;
}

static int verb_join(eval_ctx *ev, const ast_expr *e, value t, value *out)
{
    value u;
    if (eval_expr(ev, e->u.verb.arg, &u) != 0)
        return -1;
    int rc;
    if (u.kind != V_TABLE) {
        diag_error(ev->d, e->u.verb.arg->at, "'join' joins two tables; this is %s", value_kind_name(u.kind));
        rc = -1;
    } else {
        rc = join_tables(ev, e, t, u, out);
    }
    value_release(u);
    return rc;
}

/* ---- with ---- */

/* T with column NAME set to COL (replacing one of that name, else added last). */
static value with_column(value t, const char *name, value col)
{
    int at = table_find(t, name), n = table_ncols(t);
    value out = value_table(at >= 0 ? n : n + 1);
    for (int c = 0; c < n; c++) {
        out.u.obj->u.rec.keys[c] = table_name(t, c);
        out.u.obj->u.rec.vals[c] = c == at ? col : value_retain(table_column(t, c));
    }
    if (at < 0) {
        out.u.obj->u.rec.keys[n] = name;
        out.u.obj->u.rec.vals[n] = col;
    }
    return out;
}

/* The column FIELD gives, row by row. */
static int computed_column(eval_ctx *ev, value t, const ast_setting *field, value *col)
{
    int n = table_nrows(t), rc = 0;
    value *cells = calloc((size_t)n + 1, sizeof *cells);
    scope frame;
    frame_open(&frame, ev, t);
    int r = 0;
    for (; r < n && rc == 0; r++) {
        frame_set_row(&frame, t, r);
        if ((rc = eval_in(ev, &frame, field->value, &cells[r])) != 0) {
            diag_note(ev->d, NULL, "in row %d of the table", r + 1);
        } else if ((rc = one_value(ev, field, cells[r], "row")) != 0) {
            value_release(cells[r]);
        }
    }
    scope_clear(&frame);
    if (rc == 0)
        *col = table_column_of(cells, n);
    else
        for (int i = 0; i < r - 1; i++)
            value_release(cells[i]);
    free(cells);
    return rc;
}

static int verb_with(eval_ctx *ev, const ast_expr *e, value t, value *out)
{
    const ast_vec *fields = &e->u.verb.fields;
    value cur = value_retain(t);
    for (int f = 0; f < fields->n; f++) {
        const ast_setting *field = fields->items[f];
        value col;
        if (computed_column(ev, cur, field, &col) != 0) {
            value_release(cur);
            return -1;
        }
        value next = with_column(cur, field->key, col);
        value_release(cur);
        cur = next;
    }
    *out = cur;
    return 0;
}

/* ---- dispatch ---- */

int verbs_eval(eval_ctx *ev, const ast_expr *e, value *out)
{
    static int (*const apply[])(eval_ctx *, const ast_expr *, value, value *) = {
        [VERB_WHERE] = verb_where, [VERB_GROUP] = verb_group, [VERB_SORT] = verb_sort,
        [VERB_SELECT] = verb_select, [VERB_JOIN] = verb_join, [VERB_WITH] = verb_with,
    };
    value t;
    if (eval_expr(ev, e->u.verb.table, &t) != 0)
        return -1;
    int rc;
    if (t.kind != V_TABLE) {
        diag_error(ev->d, e->u.verb.verb_at, "'%s' works on a table, not %s", verb_words[e->u.verb.verb],
                   value_kind_name(t.kind));
        diag_note(ev->d, &e->u.verb.table->at, "'%s' applies to this", verb_words[e->u.verb.verb]);
        rc = -1;
    } else {
        rc = apply[e->u.verb.verb](ev, e, t, out);
    }
    value_release(t);
    return rc;
}
