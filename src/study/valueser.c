#include "valueser.h"

#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "checker.h"
#include "infer.h"
#include "result.h"

enum { MAX_ITEMS = 100000000, MAX_DEPTH = 1000 };

/* ---- writing ---- */

static void put_doubles(bytebuf *b, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        bytes_put_f64(b, x[i]);
}

static void put_result(bytebuf *b, const result *r)
{
    size_t rows = (size_t)r->nrec, k = (size_t)r->nskills;
    bytes_put_str(b, r->model);
    bytes_put_u64(b, k);
    for (size_t i = 0; i < k; i++)
        bytes_put_str(b, r->names[i]);
    put_doubles(b, r->p0, k);
    bytes_put_u64(b, rows);
    put_doubles(b, r->steps, rows);
    put_doubles(b, r->loss, rows);
    put_doubles(b, r->levels, rows * k);
    bytes_put_u8(b, r->align != NULL);
    if (r->align)
        put_doubles(b, r->align, rows * k);
    bytes_put_u64(b, (uint64_t)r->nseries);
    for (int e = 0; e < r->nseries; e++) {
        bytes_put_str(b, r->series[e].name);
        put_doubles(b, r->series[e].x, rows * k);
    }
}

/* A def travels as its place among the program's defs. */
static long def_index(const ir_program *ir, const void *def)
{
    for (int i = 0; i < ir->ndefs; i++)
        if ((const void *)ir->defs[i] == def)
            return i;
    return -1;
}

static void put_record(bytebuf *b, const ir_program *ir, value v)
{
    const vobj *o = v.u.obj;
    bytes_put_u8(b, infer_is_record(v));        /* its keys are infer's own */
    bytes_put_u64(b, (uint64_t)o->u.rec.n);
    for (int i = 0; i < o->u.rec.n; i++) {
        bytes_put_str(b, o->u.rec.keys[i]);
        valueser_put(b, ir, o->u.rec.vals[i]);
    }
}

void valueser_put(bytebuf *b, const ir_program *ir, value v)
{
    bytes_put_u8(b, v.kind);
    const vobj *o = v.u.obj;
    switch (v.kind) {
    case V_NONE: break;
    case V_NUM: case V_BOOL: bytes_put_f64(b, v.u.num); break;
    case V_SKILL: case V_MODEL: case V_OPT: bytes_put_i64(b, v.u.index); break;
    case V_SYMBOL: bytes_put_str(b, v.u.sym); break;
    case V_STR: bytes_put_text(b, o->u.str.text, o->u.str.len); break;
    case V_VEC:
        bytes_put_u64(b, (uint64_t)o->u.vec.n);
        put_doubles(b, o->u.vec.x, (size_t)o->u.vec.n);
        break;
    case V_MATRIX:
        bytes_put_u64(b, (uint64_t)o->u.mat.rows);
        bytes_put_u64(b, (uint64_t)o->u.mat.cols);
        put_doubles(b, o->u.mat.x, (size_t)o->u.mat.rows * (size_t)o->u.mat.cols);
        break;
    case V_LIST:
        bytes_put_u64(b, (uint64_t)o->u.list.n);
        for (int i = 0; i < o->u.list.n; i++)
            valueser_put(b, ir, o->u.list.items[i]);
        break;
    case V_FUNC:
        bytes_put_str(b, o->u.fn.def ? NULL : o->u.fn.builtin);
        bytes_put_i64(b, o->u.fn.def ? def_index(ir, o->u.fn.def) : -1);
        bytes_put_u64(b, (uint64_t)o->u.fn.nbound);
        for (int i = 0; i < o->u.fn.nbound; i++)
            valueser_put(b, ir, o->u.fn.bound[i]);
        break;
    case V_RECORD: case V_TABLE: put_record(b, ir, v); break;
    case V_RESULT: put_result(b, o->u.res); break;
    }
}

/* ---- reading ---- */

struct valueser_names {
    ir_program *ir;
    const char **kept;
    int n, cap;
};

valueser_names *valueser_names_new(ir_program *ir)
{
    valueser_names *n = calloc(1, sizeof *n);
    if (!n)
        abort();
    n->ir = ir;
    return n;
}

void valueser_names_free(valueser_names *n)
{
    if (n)
        free(n->kept);
    free(n);
}

/* TEXT as a string that lives with the program: a skill's or model's own
 * name if it is one, else one kept copy per reader. */
static const char *keep_name(valueser_names *n, const char *text)
{
    int k = ir_find_skill(n->ir, text);
    if (k >= 0)
        return n->ir->skills[k].name;
    if ((k = ir_find_model(n->ir, text)) >= 0)
        return n->ir->models[k].name;
    for (int i = 0; i < n->n; i++)
        if (strcmp(n->kept[i], text) == 0)
            return n->kept[i];
    if (n->n == n->cap) {
        n->cap = n->cap ? 2 * n->cap : 16;
        n->kept = realloc(n->kept, (size_t)n->cap * sizeof *n->kept);
        if (!n->kept)
            abort();
    }
    return n->kept[n->n++] = loader_keep_text(n->ir, text);
}

const char *valueser_name(valueser_names *n, byteread *r)
{
    char *s = bytes_get_str(r);
    const char *kept = s ? keep_name(n, s) : NULL;
    free(s);
    return kept;
}

static void get_doubles(byteread *r, double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = bytes_get_f64(r);
}

/* R's next count: a number of items of at least BYTES bytes each that the
 * rest of R can hold (else R is bad, and 0). */
static size_t get_size(byteread *r, size_t bytes)
{
    long n = bytes_get_count(r, MAX_ITEMS);
    if ((size_t)n > (size_t)(r->end - r->at) / (bytes ? bytes : 1)) {
        r->bad = 1;
        return 0;
    }
    return (size_t)n;
}

static double *doubles_new(size_t n)
{
    double *x = malloc((n + 1) * sizeof *x);
    if (!x)
        abort();
    return x;
}

static result *get_result(byteread *r, valueser_names *n)
{
    const char *model = valueser_name(n, r);
    size_t k = get_size(r, 1);
    const char **names = calloc(k + 1, sizeof *names);
    if (!names)
        abort();
    for (size_t i = 0; i < k; i++)
        names[i] = valueser_name(n, r);
    result *res = result_new(model, (int)k, names, 0);
    get_doubles(r, res->p0, k);
    size_t rows = get_size(r, 8 * (k + 2));
    res->nrec = res->caprec = (int)rows;
    res->steps = doubles_new(rows);
    res->loss = doubles_new(rows);
    res->levels = doubles_new(rows * k);
    get_doubles(r, res->steps, rows);
    get_doubles(r, res->loss, rows);
    get_doubles(r, res->levels, rows * k);
    if (bytes_get_u8(r)) {
        res->align = doubles_new(rows * k);
        get_doubles(r, res->align, rows * k);
    }
    long nseries = bytes_get_count(r, RESULT_MAX_SERIES);
    for (long e = 0; e < nseries && !r->bad; e++) {
        res->series[e].name = valueser_name(n, r);
        res->series[e].x = doubles_new(rows * k);
        res->nseries = (int)e + 1;
        get_doubles(r, res->series[e].x, rows * k);
    }
    return res;
}

static int get_value(byteread *r, valueser_names *n, value *out, int depth);

static int get_items(byteread *r, valueser_names *n, value *items, size_t count, int depth)
{
    for (size_t i = 0; i < count; i++)
        if (get_value(r, n, &items[i], depth + 1) != 0)
            return -1;
    return 0;
}

static int get_record(byteread *r, valueser_names *n, value_kind kind, value *out, int depth)
{
    int from_infer = (int)bytes_get_u8(r);
    size_t count = get_size(r, 2);
    *out = kind == V_TABLE ? value_table((int)count) : value_record((int)count);
    vobj *o = out->u.obj;
    int ninfer = 0;
    const char *const *infer_keys = from_infer ? infer_record_keys(&ninfer) : NULL;
    for (size_t i = 0; i < count && !r->bad; i++) {
        const char *key = valueser_name(n, r);
        o->u.rec.keys[i] = infer_keys && (int)i < ninfer ? infer_keys[i] : key;
        if (get_value(r, n, &o->u.rec.vals[i], depth + 1) != 0)
            return -1;
    }
    return r->bad ? -1 : 0;
}

static int get_func(byteread *r, valueser_names *n, value *out, int depth)
{
    char *name = bytes_get_str(r);
    int64_t def = bytes_get_i64(r);
    const builtin *b = name ? builtin_find(name) : NULL;
    free(name);
    if ((def < 0 && !b) || def >= n->ir->ndefs) {
        r->bad = 1;
        return -1;
    }
    size_t nbound = get_size(r, 1);
    value *bound = calloc(nbound + 1, sizeof *bound);
    if (!bound)
        abort();
    int rc = get_items(r, n, bound, nbound, depth);
    *out = value_func(def >= 0 ? n->ir->defs[def] : NULL, def >= 0 ? NULL : b->name, bound,
                      (int)nbound);
    for (size_t i = 0; i < nbound; i++)
        value_release(bound[i]);
    free(bound);
    return r->bad ? -1 : rc;
}

/* An index into one of the program's tables, checked against its size. */
static int get_index(byteread *r, int size, value_kind kind, value *out)
{
    int64_t k = bytes_get_i64(r);
    if (r->bad || k < 0 || k >= size) {
        r->bad = 1;
        return -1;
    }
    *out = (value){kind, {.index = (int)k}};
    return 0;
}

static int get_value(byteread *r, valueser_names *n, value *out, int depth)
{
    *out = (value){V_NONE, {0}};
    value_kind kind = (value_kind)bytes_get_u8(r);
    size_t len, count, cols;
    const char *text;
    if (r->bad || depth > MAX_DEPTH || kind > V_TABLE) {
        r->bad = 1;
        return -1;
    }
    switch (kind) {
    case V_NONE: return 0;
    case V_NUM: *out = value_num(bytes_get_f64(r)); break;
    case V_BOOL: *out = value_bool(bytes_get_f64(r) != 0); break;
    case V_SKILL: return get_index(r, n->ir->nskills, kind, out);
    case V_MODEL: return get_index(r, n->ir->nmodels, kind, out);
    case V_OPT: return get_index(r, n->ir->nopts, kind, out);
    case V_SYMBOL: *out = (value){V_SYMBOL, {.sym = valueser_name(n, r)}}; break;
    case V_STR:
        text = bytes_get_text(r, &len);
        *out = value_str(text ? text : "", len);
        break;
    case V_VEC:
        count = get_size(r, 8);
        *out = value_vec((int)count);
        get_doubles(r, out->u.obj->u.vec.x, count);
        break;
    case V_MATRIX:
        count = get_size(r, 0);
        cols = get_size(r, 8 * (count ? count : 1));
        *out = value_matrix((int)count, (int)cols);
        get_doubles(r, out->u.obj->u.mat.x, count * cols);
        break;
    case V_LIST:
        count = get_size(r, 1);
        *out = value_list((int)count);
        if (get_items(r, n, out->u.obj->u.list.items, count, depth) != 0)
            return -1;
        break;
    case V_FUNC: return get_func(r, n, out, depth);
    case V_RECORD: case V_TABLE: return get_record(r, n, kind, out, depth);
    case V_RESULT: *out = value_result(get_result(r, n)); break;
    }
    return r->bad ? -1 : 0;
}

int valueser_get(byteread *r, valueser_names *names, value *out)
{
    if (get_value(r, names, out, 0) == 0)
        return 0;
    value_release(*out);
    *out = (value){V_NONE, {0}};
    r->bad = 1;
    return -1;
}
