#include "value.h"

#include <stdlib.h>
#include <string.h>

#include "result.h"

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fputs("skill: out of memory\n", stderr);
        abort();
    }
    return p;
}

static value with_obj(value_kind kind)
{
    value v = {kind, {0}};
    v.u.obj = xcalloc(1, sizeof(vobj));
    v.u.obj->refs = 1;
    return v;
}

value value_num(double x)
{
    value v = {V_NUM, {.num = x}};
    return v;
}

value value_bool(int b)
{
    value v = {V_BOOL, {.num = b ? 1 : 0}};
    return v;
}

value value_str(const char *text, size_t len)
{
    value v = with_obj(V_STR);
    v.u.obj->u.str.text = xcalloc(len + 1, 1);
    memcpy(v.u.obj->u.str.text, text, len);
    v.u.obj->u.str.len = len;
    return v;
}

value value_vec(int n)
{
    value v = with_obj(V_VEC);
    v.u.obj->u.vec.x = xcalloc((size_t)n, sizeof(double));
    v.u.obj->u.vec.n = n;
    return v;
}

value value_matrix(int rows, int cols)
{
    value v = with_obj(V_MATRIX);
    v.u.obj->u.mat.x = xcalloc((size_t)rows * (size_t)cols, sizeof(double));
    v.u.obj->u.mat.rows = rows;
    v.u.obj->u.mat.cols = cols;
    return v;
}

value value_list(int n)
{
    value v = with_obj(V_LIST);
    v.u.obj->u.list.items = xcalloc((size_t)n, sizeof(value));
    v.u.obj->u.list.n = n;
    return v;
}

value value_func(const struct ast_stmt *def, const char *builtin, const value *bound, int nbound)
{
    value v = with_obj(V_FUNC);
    v.u.obj->u.fn.def = def;
    v.u.obj->u.fn.builtin = builtin;
    v.u.obj->u.fn.bound = xcalloc((size_t)nbound, sizeof(value));
    for (int i = 0; i < nbound; i++)
        v.u.obj->u.fn.bound[i] = value_retain(bound[i]);
    v.u.obj->u.fn.nbound = nbound;
    return v;
}

value value_table(int n)
{
    value v = value_record(n);
    v.kind = V_TABLE;
    return v;
}

value value_record(int n)
{
    value v = with_obj(V_RECORD);
    v.u.obj->u.rec.keys = xcalloc((size_t)n, sizeof(char *));
    v.u.obj->u.rec.vals = xcalloc((size_t)n, sizeof(value));
    v.u.obj->u.rec.n = n;
    return v;
}

value value_result(struct result *r)
{
    value v = with_obj(V_RESULT);
    v.u.obj->u.res = r;
    return v;
}

static int has_obj(value_kind k)
{
    return k == V_STR || k == V_VEC || k == V_MATRIX || k == V_LIST || k == V_FUNC ||
           k == V_RECORD || k == V_RESULT || k == V_TABLE;
}

/* Counts are atomic: parallel sweep points share the values around them. */
value value_retain(value v)
{
    if (has_obj(v.kind))
        __atomic_add_fetch(&v.u.obj->refs, 1, __ATOMIC_RELAXED);
    return v;
}

void value_release(value v)
{
    if (!has_obj(v.kind) || __atomic_sub_fetch(&v.u.obj->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    vobj *o = v.u.obj;
    switch (v.kind) {
    case V_STR: free(o->u.str.text); break;
    case V_VEC: free(o->u.vec.x); break;
    case V_MATRIX: free(o->u.mat.x); break;
    case V_LIST:
        for (int i = 0; i < o->u.list.n; i++)
            value_release(o->u.list.items[i]);
        free(o->u.list.items);
        break;
    case V_FUNC:
        for (int i = 0; i < o->u.fn.nbound; i++)
            value_release(o->u.fn.bound[i]);
        free(o->u.fn.bound);
        break;
    case V_RECORD:
    case V_TABLE:
        for (int i = 0; i < o->u.rec.n; i++)
            value_release(o->u.rec.vals[i]);
        free(o->u.rec.keys);
        free(o->u.rec.vals);
        break;
    case V_RESULT: result_free(o->u.res); break;
    default: break;
    }
    free(o);
}

const char *value_kind_name(value_kind k)
{
    static const char *const names[] = {
        [V_NONE] = "nothing", [V_NUM] = "a number", [V_BOOL] = "a boolean",
        [V_STR] = "a string", [V_VEC] = "a vector", [V_MATRIX] = "a matrix",
        [V_LIST] = "a list", [V_SKILL] = "a skill", [V_MODEL] = "a model",
        [V_OPT] = "an optimizer", [V_FUNC] = "a function", [V_SYMBOL] = "a word",
        [V_RECORD] = "a record", [V_RESULT] = "a run result",
        [V_TABLE] = "a table",
    };
    return names[k];
}

int value_is_number(value v)
{
    return v.kind == V_NUM || v.kind == V_BOOL;
}

double value_number(value v)
{
    return v.u.num;
}

int value_truthy(value v)
{
    return value_is_number(v) ? v.u.num != 0 : v.kind != V_NONE;
}
