/* columns.c - the checker's view of the table verbs.  Inside a verb's
 * expressions the table's columns are names in scope.  Where the table's
 * columns can be read from the text (a sweep's `row`s, a `let` of one, the
 * verbs after it) an unknown column or name is reported now, with 'did you
 * mean'; elsewhere (a table passed to a function, say) any name not
 * otherwise known is taken for a column and checked when the verb runs. */
#include "checker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* A table's columns as far as the text tells: N names, or N = -1 when
 * it does not say. */
typedef struct colset {
    const char **names;
    int n, cap;
} colset;

static void colset_add(colset *s, const char *name)
{
    s->names = xgrow(s->names, &s->cap, s->n + 1, sizeof *s->names);
    s->names[s->n++] = name;
}

static int colset_has(const colset *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return 1;
    return 0;
}

/* How many lets a table's columns are followed through. */
enum { MAX_FOLLOWED = 64 };

static void columns_of(const checker *c, const ast_expr *e, int below, int depth, colset *out);

/* The latest of the first BELOW values given to locals that gave NAME its
 * value: its index, or -1. */
static int local_value(const checker *c, const char *name, int below)
{
    if (!resolve_local_visible(c, name))
        return -1;
    for (int i = below - 1; i >= 0; i--) {
        const ast_stmt *s = c->values.items[i];
        if (strcmp(s->name, name) == 0)
            return i;
    }
    return -1;
}

/* The fields of the first `row` directly in a sweep's body. */
static void sweep_columns(const ast_expr *e, colset *out)
{
    for (int i = 0; i < e->u.sweep.body.n; i++) {
        const ast_stmt *s = e->u.sweep.body.items[i];
        if (s->kind != S_ROW)
            continue;
        out->n = 0;
        for (int k = 0; k < s->u.row.fields.n; k++)
            colset_add(out, ((const ast_setting *)s->u.row.fields.items[k])->key);
        return;
    }
}

static void verb_columns(const checker *c, const ast_expr *e, int below, int depth, colset *out)
{
    const ast_vec *cols = &e->u.verb.columns, *fields = &e->u.verb.fields;
    switch (e->u.verb.verb) {
    case VERB_WHERE: case VERB_SORT:
        columns_of(c, e->u.verb.table, below, depth, out);
        return;
    case VERB_SELECT: case VERB_GROUP:
        out->n = 0;
        for (int i = 0; i < cols->n; i++)
            colset_add(out, ((const ast_column *)cols->items[i])->name);
        for (int i = 0; i < fields->n; i++)
            colset_add(out, ((const ast_setting *)fields->items[i])->key);
        return;
    case VERB_WITH:
        columns_of(c, e->u.verb.table, below, depth, out);
        for (int i = 0; out->n >= 0 && i < fields->n; i++)
            if (!colset_has(out, ((const ast_setting *)fields->items[i])->key))
                colset_add(out, ((const ast_setting *)fields->items[i])->key);
        return;
    case VERB_JOIN: {
        colset right = {NULL, -1, 0};
        columns_of(c, e->u.verb.table, below, depth, out);
        columns_of(c, e->u.verb.arg, below, depth, &right);
        for (int i = 0; out->n >= 0 && right.n >= 0 && i < right.n; i++)
            if (!colset_has(out, right.names[i]))
                colset_add(out, right.names[i]);
        if (right.n < 0)
            out->n = -1;
        free(right.names);
        return;
    }
    }
}

static void columns_of(const checker *c, const ast_expr *e, int below, int depth, colset *out)
{
    out->n = -1;
    if (depth > MAX_FOLLOWED)
        return;
    if (e->kind == E_SWEEP) {
        sweep_columns(e, out);
    } else if (e->kind == E_VERB) {
        verb_columns(c, e, below, depth + 1, out);
    } else if (e->kind == E_NAME) {
        int k = local_value(c, e->u.name, below);
        if (k >= 0)
            columns_of(c, ((const ast_stmt *)c->values.items[k])->value, k, depth + 1, out);
    }
}

void check_record_value(checker *c, const ast_stmt *s)
{
    ast_vec_push(c->a, &c->values, (void *)s);
}

/* ---- checking a verb ---- */

static void unknown_column(checker *c, const colset *cols, const char *name, loc at, const char *which)
{
    diag_error(c->d, at, "%s has no column '%s'", which, name);
    const char *near = diag_suggest(name, cols->names, cols->n);
    char list[256] = "";
    size_t used = 0;
    for (int i = 0; i < cols->n && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", cols->names[i]);
    if (near)
        diag_note(c->d, NULL, "did you mean '%s'?", near);
    else
        diag_hint(c->d, cols->n ? "its columns are %s" : "it has no columns%s", cols->n ? list : "");
}

static void check_columns(checker *c, const ast_expr *e, const colset *cols, const char *which,
                          int report_twice)
{
    const ast_vec *v = &e->u.verb.columns;
    for (int i = 0; i < v->n; i++) {
        const ast_column *col = v->items[i];
        if (cols->n >= 0 && !colset_has(cols, col->from ? col->from : col->name))
            unknown_column(c, cols, col->from ? col->from : col->name, col->from ? col->from_at : col->at,
                           which);
        for (int j = 0; j < i && report_twice; j++) {
            const ast_column *before = v->items[j];
            if (strcmp(before->name, col->name) == 0) {
                diag_error(c->d, col->at, "'%s' is named twice after '%s'", col->name,
                           e->u.verb.verb == VERB_SELECT ? "select" : "by");
                diag_note(c->d, &before->at, "first named here");
                break;
            }
        }
    }
}

/* A field of `group by` or `with` named like one before it, or like a key. */
static void check_field_names(checker *c, const ast_expr *e)
{
    const ast_vec *fields = &e->u.verb.fields, *keys = &e->u.verb.columns;
    for (int i = 0; i < fields->n; i++) {
        const ast_setting *f = fields->items[i];
        for (int k = 0; k < keys->n && e->u.verb.verb == VERB_GROUP; k++) {
            const ast_column *key = keys->items[k];
            if (strcmp(key->name, f->key) == 0) {
                diag_error(c->d, f->key_loc, "'%s' is a key of this 'group by'; its column keeps the "
                           "group's key", f->key);
                diag_hint(c->d, "give the aggregate another name, e.g. '%s_mean = mean(...)'", f->key);
            }
        }
        for (int j = 0; j < i; j++) {
            const ast_setting *before = fields->items[j];
            if (strcmp(before->key, f->key) == 0) {
                diag_error(c->d, f->key_loc, "'%s' is given twice", f->key);
                diag_note(c->d, &before->key_loc, "first given here");
                break;
            }
        }
    }
}

/* The fields' expressions with the columns in scope; a column `with`
 * adds is in scope for the fields after it. */
static void check_fields(checker *c, const ast_vec *fields, int adds_columns, int ctx)
{
    for (int i = 0; i < fields->n; i++) {
        const ast_setting *f = fields->items[i];
        check_expr(c, f->value, ctx);
        if (adds_columns)
            resolve_push_local(c, f->key);
    }
}

static void check_in_columns(checker *c, const ast_expr *e, const colset *cols, int ctx)
{
    int base = c->nlocals;
    if (cols->n < 0)
        c->open_columns++;
    for (int i = 0; i < cols->n; i++)
        resolve_push_local(c, cols->names[i]);
    if (e->u.verb.verb == VERB_WHERE)
        check_expr(c, e->u.verb.arg, ctx);
    else
        check_fields(c, &e->u.verb.fields, e->u.verb.verb == VERB_WITH, ctx);
    if (cols->n < 0)
        c->open_columns--;
    c->nlocals = base;
}

void check_verb(checker *c, const ast_expr *e, int ctx)
{
    static const char *const before[] = {
        [VERB_WHERE] = "the table before 'where'", [VERB_GROUP] = "the table before 'group by'",
        [VERB_SORT] = "the table before 'sort by'", [VERB_SELECT] = "the table before 'select'",
        [VERB_JOIN] = "the table before 'join'", [VERB_WITH] = "the table before 'with'",
    };
    check_expr(c, e->u.verb.table, ctx);
    colset cols = {NULL, -1, 0};
    columns_of(c, e->u.verb.table, c->values.n, 0, &cols);
    if (e->u.verb.verb == VERB_JOIN) {
        colset right = {NULL, -1, 0};
        check_expr(c, e->u.verb.arg, ctx);
        columns_of(c, e->u.verb.arg, c->values.n, 0, &right);
        check_columns(c, e, &cols, before[VERB_JOIN], 1);
        check_columns(c, e, &right, "the table after 'join'", 0);
        free(right.names);
    } else {
        check_columns(c, e, &cols, before[e->u.verb.verb], 1);
        check_field_names(c, e);
    }
    if (e->u.verb.verb == VERB_WHERE || e->u.verb.verb == VERB_GROUP || e->u.verb.verb == VERB_WITH)
        check_in_columns(c, e, &cols, ctx);
    free(cols.names);
}
