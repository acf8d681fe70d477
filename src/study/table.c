#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


int *table_index(int n)
{
    int *idx = malloc((size_t)(n > 0 ? n : 1) * sizeof *idx);
    if (!idx)
        abort();
    for (int i = 0; i < n; i++)
        idx[i] = i;
    return idx;
}

int table_ncols(value t)
{
    return t.u.obj->u.rec.n;
}

const char *table_name(value t, int col)
{
    return t.u.obj->u.rec.keys[col];
}

value table_column(value t, int col)
{
    return t.u.obj->u.rec.vals[col];
}

static int column_length(value c)
{
    return c.kind == V_VEC ? c.u.obj->u.vec.n : c.kind == V_LIST ? c.u.obj->u.list.n : 1;
}

int table_nrows(value t)
{
    return table_ncols(t) ? column_length(table_column(t, 0)) : 0;
}

int table_find(value t, const char *name)
{
    for (int c = 0; c < table_ncols(t); c++)
        if (strcmp(table_name(t, c), name) == 0)
            return c;
    return -1;
}

value table_cell(value t, int row, int col)
{
    value c = table_column(t, col);
    if (c.kind == V_VEC)
        return value_num(c.u.obj->u.vec.x[row]);
    if (c.kind == V_LIST)
        return value_retain(c.u.obj->u.list.items[row]);
    return value_retain(c);
}

value table_peek(value t, int row, int col)
{
    value c = table_column(t, col);
    return c.kind == V_VEC ? value_num(c.u.obj->u.vec.x[row]) : c.kind == V_LIST ? c.u.obj->u.list.items[row] : c;
}

value table_take(value t, const int *rows, int n)
{
    value out = value_table(table_ncols(t));
    for (int c = 0; c < table_ncols(t); c++) {
        out.u.obj->u.rec.keys[c] = table_name(t, c);
        out.u.obj->u.rec.vals[c] = table_pick(t, c, rows, n);
    }
    return out;
}

value table_column_of(value *cells, int n)
{
    int numeric = 1;
    for (int i = 0; i < n; i++)
        numeric &= value_is_number(cells[i]);
    if (numeric) {
        value col = value_vec(n);
        for (int i = 0; i < n; i++)
            col.u.obj->u.vec.x[i] = cells[i].u.num;
        return col;
    }
    value col = value_list(n);
    for (int i = 0; i < n; i++)
        col.u.obj->u.list.items[i] = cells[i];
    return col;
}

value table_pick(value t, int col, const int *rows, int n)
{
    value c = table_column(t, col);
    if (c.kind == V_VEC) {
        value out = value_vec(n);
        for (int i = 0; i < n; i++)
            out.u.obj->u.vec.x[i] = c.u.obj->u.vec.x[rows[i]];
        return out;
    }
    value out = value_list(n);
    for (int i = 0; i < n; i++)
        out.u.obj->u.list.items[i] = table_cell(t, rows[i], col);
    return out;
}

static int kind_rank(value v)
{
    return value_is_number(v) ? 0 : v.kind == V_STR ? 1 : v.kind == V_SKILL ? 2 : 3 + (int)v.kind;
}

int table_compare(value a, value b)
{
    int ka = kind_rank(a), kb = kind_rank(b);
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (ka == 0) {
        double x = a.u.num, y = b.u.num;
        if (isnan(x) || isnan(y))
            return isnan(x) - isnan(y);
        return x < y ? -1 : x > y;
    }
    if (a.kind == V_STR) {
        size_t la = a.u.obj->u.str.len, lb = b.u.obj->u.str.len;
        int r = memcmp(a.u.obj->u.str.text, b.u.obj->u.str.text, la < lb ? la : lb);
        return r ? (r < 0 ? -1 : 1) : (la > lb) - (la < lb);
    }
    if (a.kind == V_SKILL || a.kind == V_MODEL || a.kind == V_OPT)
        return (a.u.index > b.u.index) - (a.u.index < b.u.index);
    if (a.kind == V_SYMBOL)
        return strcmp(a.u.sym, b.u.sym);
    return 0;
}

static void merge(int *idx, int *tmp, int lo, int mid, int hi,
                  int (*cmp)(int a, int b, void *ctx), void *ctx)
{
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        tmp[k++] = cmp(idx[j], idx[i], ctx) < 0 ? idx[j++] : idx[i++];
    while (i < mid)
        tmp[k++] = idx[i++];
    while (j < hi)
        tmp[k++] = idx[j++];
    memcpy(idx + lo, tmp + lo, (size_t)(hi - lo) * sizeof *idx);
}

void table_sort_index(int *idx, int n, int (*cmp)(int a, int b, void *ctx), void *ctx)
{
    int *tmp = table_index(n);
    for (int width = 1; width < n; width *= 2)
        for (int lo = 0; lo < n - width; lo += 2 * width) {
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            merge(idx, tmp, lo, lo + width, hi, cmp, ctx);
        }
    free(tmp);
}
