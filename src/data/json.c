#include "json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jkind;

typedef struct jnode jnode;
struct jnode {
    jkind kind;
    double num;                 /* J_NUMBER, J_BOOL */
    char *str;                  /* J_STRING */
    jnode *items;               /* J_ARRAY, J_OBJECT: n values */
    jnode *keys;                /* J_OBJECT: n J_STRING keys */
    int n;
    size_t off, end;
};

enum { JSON_MAX_DEPTH = 64 };

typedef struct jparser {
    const char *text;
    size_t len, at;
    data_error *err;
} jparser;

static void jfree(jnode *j)
{
    for (int i = 0; i < j->n; i++) {
        jfree(&j->items[i]);
        if (j->keys)
            jfree(&j->keys[i]);
    }
    free(j->items);
    free(j->keys);
    free(j->str);
}

static void skip_ws(jparser *p)
{
    while (p->at < p->len && strchr(" \t\r\n", p->text[p->at]) && p->text[p->at])
        p->at++;
}

static int fail_here(jparser *p, const char *what)
{
    if (p->at >= p->len)
        data_fail(p->err, p->len, p->len, "invalid JSON: the file ends where %s is expected", what);
    else
        data_fail(p->err, p->at, p->at + 1, "invalid JSON: expected %s", what);
    snprintf(p->err->hint, sizeof p->err->hint, "look for a missing or extra comma or bracket just before this point");
    return -1;
}

static int word(jparser *p, const char *w)
{
    size_t n = strlen(w);
    if (p->len - p->at < n || memcmp(p->text + p->at, w, n) != 0)
        return 0;
    p->at += n;
    return 1;
}

static void put_utf8(char *buf, size_t *n, unsigned cp)
{
    if (cp < 0x80) {
        buf[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        buf[(*n)++] = (char)(0xC0 | cp >> 6);
        buf[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        buf[(*n)++] = (char)(0xE0 | cp >> 12);
        buf[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        buf[(*n)++] = (char)(0xF0 | cp >> 18);
        buf[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        buf[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[(*n)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static int hex4(jparser *p, unsigned *cp)
{
    *cp = 0;
    for (int i = 0; i < 4; i++, p->at++) {
        char c = p->at < p->len ? p->text[p->at] : 0;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return fail_here(p, "four hexadecimal digits after \\u");
        *cp = *cp * 16 + (unsigned)d;
    }
    return 0;
}

static int escape(jparser *p, char *buf, size_t *n)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    char c = p->at < p->len ? p->text[p->at] : 0;
    const char *k = c ? strchr(from, c) : NULL;
    if (k) {
        buf[(*n)++] = to[k - from];
        p->at++;
        return 0;
    }
    if (c != 'u')
        return fail_here(p, "an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)");
    p->at++;
    unsigned cp, low;
    if (hex4(p, &cp) != 0)
        return -1;
    if (cp >= 0xD800 && cp < 0xDC00 && word(p, "\\u")) {
        if (hex4(p, &low) != 0)
            return -1;
        cp = low >= 0xDC00 && low < 0xE000 ? 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD;
    }
    put_utf8(buf, n, cp);
    return 0;
}

/* Bytes up to the closing quote of the string opened at OPEN (or the end):
 * room for its text, which escapes only shorten. */
static size_t string_room(const jparser *p, size_t open)
{
    size_t i = open + 1;
    while (i < p->len && p->text[i] != '"')
        i += p->text[i] == '\\' ? 2 : 1;
    return (i < p->len ? i : p->len) - open + 4;
}

static int string(jparser *p, jnode *out)
{
    size_t open = p->at++, n = 0;
    char *buf = malloc(string_room(p, open));
    if (!buf)
        abort();
    for (;;) {
        if (p->at >= p->len) {
            free(buf);
            return data_fail(p->err, open, open + 1, "invalid JSON: this string is not closed");
        }
        char c = p->text[p->at];
        if (c == '"')
            break;
        if ((unsigned char)c < 0x20) {
            free(buf);
            return data_fail(p->err, p->at, p->at + 1, "invalid JSON: a control character in a string");
        }
        p->at++;
        if (c != '\\')
            buf[n++] = c;
        else if (escape(p, buf, &n) != 0) {
            free(buf);
            return -1;
        }
    }
    buf[n] = '\0';
    p->at++;
    *out = (jnode){.kind = J_STRING, .str = buf, .off = open, .end = p->at};
    return 0;
}

static size_t digits(const jparser *p, size_t i)
{
    while (i < p->len && p->text[i] >= '0' && p->text[i] <= '9')
        i++;
    return i;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, or NaN, Infinity, -Infinity. */
static int number(jparser *p, jnode *out)
{
    size_t start = p->at, i = p->at;
    if (word(p, "NaN") || word(p, "Infinity") || word(p, "-Infinity")) {
        double x = p->text[start] == 'N' ? NAN : p->text[start] == '-' ? -INFINITY : INFINITY;
        *out = (jnode){.kind = J_NUMBER, .num = x, .off = start, .end = p->at};
        return 0;
    }
    i += i < p->len && p->text[i] == '-';
    size_t int_end = digits(p, i);
    int ok = int_end > i && !(p->text[i] == '0' && int_end > i + 1);
    i = int_end;
    if (ok && i < p->len && p->text[i] == '.') {
        size_t frac_end = digits(p, i + 1);
        ok = frac_end > i + 1;
        i = frac_end;
    }
    if (ok && i < p->len && (p->text[i] == 'e' || p->text[i] == 'E')) {
        i++;
        i += i < p->len && (p->text[i] == '+' || p->text[i] == '-');
        size_t exp_end = digits(p, i);
        ok = exp_end > i;
        i = exp_end;
    }
    if (!ok)
        return fail_here(p, "a value");
    char buf[64];
    size_t n = i - start < sizeof buf - 1 ? i - start : sizeof buf - 1;
    char *tmp = n == i - start ? buf : malloc(i - start + 1);
    if (!tmp)
        abort();
    memcpy(tmp, p->text + start, i - start);
    tmp[i - start] = '\0';
    *out = (jnode){.kind = J_NUMBER, .num = strtod(tmp, NULL), .off = start, .end = i};
    if (tmp != buf)
        free(tmp);
    p->at = i;
    return 0;
}

static int value(jparser *p, jnode *out, int depth);

/* [v, ...] or {"k": v, ...} from the opening bracket at p->at. */
static int container(jparser *p, jnode *out, int depth)
{
    int object = p->text[p->at] == '{', cap = 0, kcap = 0;
    char close = object ? '}' : ']';
    *out = (jnode){.kind = object ? J_OBJECT : J_ARRAY, .off = p->at};
    if (depth >= JSON_MAX_DEPTH)
        return data_fail(p->err, p->at, p->at + 1, "invalid JSON: nested more than %d deep", JSON_MAX_DEPTH);
    p->at++;
    skip_ws(p);
    if (p->at < p->len && p->text[p->at] == close) {
        out->end = ++p->at;
        return 0;
    }
    for (;;) {
        out->items = xgrow(out->items, &cap, out->n + 1, sizeof *out->items);
        if (object) {
            out->keys = xgrow(out->keys, &kcap, out->n + 1, sizeof *out->keys);
            skip_ws(p);
            if (p->at >= p->len || p->text[p->at] != '"')
                return fail_here(p, "a name in quotes");
            if (string(p, &out->keys[out->n]) != 0)
                return -1;
            skip_ws(p);
            if (!word(p, ":")) {
                out->items[out->n] = (jnode){.kind = J_NULL};
                out->n++;
                return fail_here(p, "':'");
            }
        }
        int rc = value(p, &out->items[out->n], depth + 1);
        out->n++;                       /* freed with the rest, even if half-read */
        if (rc != 0)
            return -1;
        skip_ws(p);
        if (word(p, ","))
            continue;
        if (p->at < p->len && p->text[p->at] == close)
            break;
        return fail_here(p, object ? "',' or '}'" : "',' or ']'");
    }
    out->end = ++p->at;
    return 0;
}

static int value(jparser *p, jnode *out, int depth)
{
    skip_ws(p);
    *out = (jnode){.kind = J_NULL, .off = p->at};
    if (p->at >= p->len)
        return fail_here(p, "a value");
    char c = p->text[p->at];
    if (c == '{' || c == '[')
        return container(p, out, depth);
    if (c == '"')
        return string(p, out);
    if (word(p, "null") || word(p, "true") || word(p, "false")) {
        out->kind = c == 'n' ? J_NULL : J_BOOL;
        out->num = c == 't';
        out->end = p->at;
        return 0;
    }
    return number(p, out);
}

/* ---- the tree as a frame ---- */

static int is_column(const jnode *j)
{
    return j->kind == J_ARRAY;
}

static int cell_of(const jnode *j, data_cell *cell, data_error *err)
{
    cell->off = j->off;
    cell->end = j->end;
    switch (j->kind) {
    case J_NULL: cell->kind = CELL_MISSING; return 0;
    case J_BOOL:
    case J_NUMBER: cell->kind = CELL_NUMBER; cell->num = j->num; return 0;
    case J_STRING:
        cell->kind = CELL_TEXT;
        cell->text = strdup(j->str);
        if (!cell->text)
            abort();
        return 0;
    default:
        return data_fail(err, j->off, j->off + 1, "a cell must be a number, a string or null");
    }
}

/* Column NAME from the array J; every column has f->nrows cells. */
static int add_array(data_frame *f, const char *name, const jnode *key, const jnode *j, data_error *err)
{
    if (!is_column(j))
        return data_fail(err, j->off, j->off + 1, "'%s' must be an array of values", name);
    if (f->ncols == 0)
        f->nrows = j->n;
    if (j->n != f->nrows) {
        data_fail(err, j->off, j->off + 1, "'%s' has %d values, but '%s' has %d", name, j->n,
                  f->cols[0].name, f->nrows);
        snprintf(err->hint, sizeof err->hint, "every column has one value a row; a missing value is null");
        return -1;
    }
    for (int c = 0; c < f->ncols; c++)
        if (strcmp(f->cols[c].name, name) == 0)
            return data_fail(err, key->off, key->end, "column '%s' is named twice", name);
    int c = frame_add_column(f, name, key->off, key->end);
    for (int r = 0; r < j->n; r++)
        if (cell_of(&j->items[r], &f->cols[c].cells[r], err) != 0)
            return -1;
    return 0;
}

static const jnode *member(const jnode *obj, const char *name)
{
    for (int i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i].str, name) == 0)
            return &obj->items[i];
    return NULL;
}

/* {"S": [...], ...} under KEY: columns S ("levels") or KEY_S. */
static int add_per_skill(data_frame *f, const char *key, const jnode *obj, data_error *err)
{
    for (int i = 0; i < obj->n; i++) {
        const char *skill = obj->keys[i].str;
        size_t n = strlen(key) + strlen(skill) + 2;
        char *name = malloc(n);
        if (!name)
            abort();
        if (strcmp(key, "levels") == 0)
            snprintf(name, n, "%s", skill);
        else
            snprintf(name, n, "%s_%s", key, skill);
        int rc = add_array(f, name, &obj->keys[i], &obj->items[i], err);
        free(name);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* {"model": ..., "steps": [...], "loss": [...], "levels": {...}, "align": {...}, ...} */
static int run_frame(const jnode *top, data_frame *f, data_error *err)
{
    for (int i = 0; i < top->n; i++) {
        const char *key = top->keys[i].str;
        const jnode *v = &top->items[i];
        int rc = 0;
        if (strcmp(key, "model") == 0) {
            if (v->kind == J_STRING && !f->model && !(f->model = strdup(v->str)))
                abort();
            continue;
        }
        if (strcmp(key, "steps") == 0)
            rc = add_array(f, "step", &top->keys[i], v, err);
        else if (v->kind == J_OBJECT)
            rc = add_per_skill(f, key, v, err);
        else
            rc = add_array(f, key, &top->keys[i], v, err);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int table_frame(const jnode *top, data_frame *f, data_error *err)
{
    for (int i = 0; i < top->n; i++)
        if (add_array(f, top->keys[i].str, &top->keys[i], &top->items[i], err) != 0)
            return -1;
    return 0;
}

static int column_named(const data_frame *f, const char *name)
{
    for (int c = 0; c < f->ncols; c++)
        if (strcmp(f->cols[c].name, name) == 0)
            return c;
    return -1;
}

/* [{"step": 0, "A": 0.1}, ...]: columns in the order they first appear. */
static int rows_frame(const jnode *top, data_frame *f, data_error *err)
{
    f->nrows = top->n;
    f->row_off = malloc(((size_t)top->n + 1) * sizeof *f->row_off);
    if (!f->row_off)
        abort();
    for (int r = 0; r < top->n; r++) {
        const jnode *row = &top->items[r];
        if (row->kind != J_OBJECT)
            {
            data_fail(err, row->off, row->off + 1, "each row of an array must be an object");
            snprintf(err->hint, sizeof err->hint, "write a row as {\"step\": 0, \"A\": 0.1}");
            return -1;
        }
        f->row_off[r] = row->off;
        for (int i = 0; i < row->n; i++) {
            int c = column_named(f, row->keys[i].str);
            if (c < 0)
                c = frame_add_column(f, row->keys[i].str, row->keys[i].off, row->keys[i].end);
            if (f->cols[c].cells[r].end > 0)
                return data_fail(err, row->keys[i].off, row->keys[i].end, "'%s' is given twice in this row",
                                 row->keys[i].str);
            if (cell_of(&row->items[i], &f->cols[c].cells[r], err) != 0)
                return -1;
        }
    }
    for (int c = 0; c < f->ncols; c++)
        for (int r = 0; r < top->n; r++)
            if (f->cols[c].cells[r].end == 0)
                f->cols[c].cells[r] = (data_cell){CELL_MISSING, 0, NULL, top->items[r].off, top->items[r].off + 1};
    return 0;
}

static int frame_of(const jnode *top, data_frame *f, data_error *err)
{
    if (top->kind == J_ARRAY && top->n > 0)
        return rows_frame(top, f, err);
    if (top->kind != J_OBJECT || top->n == 0) {
        data_fail(err, top->off, top->off + 1, "this JSON holds no table");
        snprintf(err->hint, sizeof err->hint, "a table is an object of equal-length arrays, "
                 "{\"x\": [1, 2], \"y\": [3, 4]}, or an array of objects, one a row");
        return -1;
    }
    const jnode *levels = member(top, "levels");
    if (member(top, "steps") && levels && levels->kind == J_OBJECT)
        return run_frame(top, f, err);
    return table_frame(top, f, err);
}

int json_read(const char *text, size_t len, data_frame *out, data_error *err)
{
    jparser p = {text, len, 0, err};
    jnode top;
    memset(out, 0, sizeof *out);
    skip_ws(&p);
    if (p.at >= len)
        {
        data_fail(err, 0, 0, "the file is empty");
        snprintf(err->hint, sizeof err->hint, "a table is a JSON object of equal-length arrays, or an array of row objects");
        return -1;
    }
    int rc = value(&p, &top, 0);
    if (rc == 0) {
        skip_ws(&p);
        if (p.at < len)
            rc = data_fail(err, p.at, p.at + 1, "invalid JSON: unexpected text after the value");
    }
    if (rc == 0)
        rc = frame_of(&top, out, err);
    jfree(&top);
    if (rc != 0)
        frame_free(out);
    return rc;
}
