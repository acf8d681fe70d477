/* test_valueser.c - values and sweep points into bytes and back (what
 * crosses between the processes of an MPI job): every kind of value comes
 * back equal, doubles bit for bit (NaN, -0, infinities, subnormals); skill
 * and model names come back as the program's own strings and infer's
 * record as one `graph` recognises; a point's rows, text and files come
 * back whole; every truncation of the bytes is refused, never crashes.
 * Exit status 0 when all pass. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "infer.h"
#include "result.h"
#include "sweeppoint.h"
#include "valueser.h"

#include "testkit.h"

static const char program[] =
    "skill A freq 1\n"
    "skill B freq 2\n"
    "resource R { eta = 1; N0 = 1 }\n"
    "optimizer o = adam(lr: 0.01)\n"
    "def twice(x) = 2 * x\n";

static ir_program *checked(diag *d)
{
    source *src = source_from_string("prog.skill", program, strlen(program));
    check_options copt = {0};
    int status;
    return check_source(src, &copt, d, &status);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static int same_doubles(const double *a, const double *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!same_bits(a[i], b[i]))
            return 0;
    return 1;
}

static int same_value(value a, value b);

static int same_result(const result *a, const result *b)
{
    size_t rows = (size_t)a->nrec, k = (size_t)a->nskills;
    int same = (a->model == b->model || (a->model && b->model && strcmp(a->model, b->model) == 0)) &&
               a->nskills == b->nskills && a->nrec == b->nrec && a->nseries == b->nseries &&
               !a->align == !b->align && same_doubles(a->p0, b->p0, k) &&
               same_doubles(a->steps, b->steps, rows) && same_doubles(a->loss, b->loss, rows) &&
               same_doubles(a->levels, b->levels, rows * k) &&
               (!a->align || same_doubles(a->align, b->align, rows * k));
    for (size_t i = 0; same && i < k; i++)
        same = strcmp(a->names[i], b->names[i]) == 0;
    for (int e = 0; same && e < a->nseries; e++)
        same = strcmp(a->series[e].name, b->series[e].name) == 0 &&
               same_doubles(a->series[e].x, b->series[e].x, rows * k);
    return same;
}

static int same_items(const value *a, const value *b, int n)
{
    for (int i = 0; i < n; i++)
        if (!same_value(a[i], b[i]))
            return 0;
    return 1;
}

static int same_value(value a, value b)
{
    if (a.kind != b.kind)
        return 0;
    const vobj *x = a.u.obj, *y = b.u.obj;
    switch (a.kind) {
    case V_NONE: return 1;
    case V_NUM: case V_BOOL: return same_bits(a.u.num, b.u.num);
    case V_SKILL: case V_MODEL: case V_OPT: return a.u.index == b.u.index;
    case V_SYMBOL: return strcmp(a.u.sym, b.u.sym) == 0;
    case V_STR: return x->u.str.len == y->u.str.len && memcmp(x->u.str.text, y->u.str.text, x->u.str.len) == 0;
    case V_VEC: return x->u.vec.n == y->u.vec.n && same_doubles(x->u.vec.x, y->u.vec.x, (size_t)x->u.vec.n);
    case V_MATRIX:
        return x->u.mat.rows == y->u.mat.rows && x->u.mat.cols == y->u.mat.cols &&
               same_doubles(x->u.mat.x, y->u.mat.x, (size_t)x->u.mat.rows * (size_t)x->u.mat.cols);
    case V_LIST: return x->u.list.n == y->u.list.n && same_items(x->u.list.items, y->u.list.items, x->u.list.n);
    case V_FUNC:
        return x->u.fn.def == y->u.fn.def &&
               (x->u.fn.def || strcmp(x->u.fn.builtin, y->u.fn.builtin) == 0) &&
               x->u.fn.nbound == y->u.fn.nbound && same_items(x->u.fn.bound, y->u.fn.bound, x->u.fn.nbound);
    case V_RECORD: case V_TABLE:
        if (x->u.rec.n != y->u.rec.n)
            return 0;
        for (int i = 0; i < x->u.rec.n; i++)
            if (strcmp(x->u.rec.keys[i], y->u.rec.keys[i]) != 0)
                return 0;
        return same_items(x->u.rec.vals, y->u.rec.vals, x->u.rec.n);
    case V_RESULT: return same_result(x->u.res, y->u.res);
    }
    return 0;
}

/* A run of R over A and B: three rows, an alignment, one further series. */
static value a_run(ir_program *ir)
{
    const char **names = malloc(3 * sizeof *names);
    names[0] = "A";             /* not the program's own string: read back, it is */
    names[1] = ir->skills[1].name;
    result *r = result_new(ir->models[0].name, 2, names, 1);
    int e = result_add_series(r, "test_acc");
    r->p0[0] = 1.0 / 3;
    r->p0[1] = 2.0 / 3;
    for (int row = 0; row < 3; row++) {
        double *align;
        double *lv = result_add_row(r, 10.0 * row, 1.0 / (row + 1), &align);
        lv[0] = row * 0.1;
        lv[1] = nextafter(row * 0.2, 1);
        align[0] = -0.0;
        align[1] = 0.5;
        result_series_row(r, e)[0] = 0.25 * row;
        result_series_row(r, e)[1] = NAN;
    }
    return value_result(r);
}

static value a_record(const char *const *keys, int n, value first)
{
    value rec = value_record(n);
    for (int i = 0; i < n; i++) {
        rec.u.obj->u.rec.keys[i] = keys[i];
        rec.u.obj->u.rec.vals[i] = i == 0 ? first : value_num(i);
    }
    return rec;
}

/* One value of every kind, some nested in others. */
static value every_kind(ir_program *ir)
{
    enum { N = 17 };
    value all = value_list(N);
    value *v = all.u.obj->u.list.items;
    v[0] = (value){V_NONE, {0}};
    v[1] = value_num(-0.0);
    v[2] = value_list(6);
    double odd[] = {NAN, INFINITY, -INFINITY, 4.9e-324, 0.1, -1e308};
    for (int i = 0; i < 6; i++)
        v[2].u.obj->u.list.items[i] = value_num(odd[i]);
    v[3] = value_bool(1);
    v[4] = value_str("two\0lines\n", 10);
    v[5] = value_vec(4);
    memcpy(v[5].u.obj->u.vec.x, odd, 4 * sizeof(double));
    v[6] = value_matrix(2, 3);
    for (int i = 0; i < 6; i++)
        v[6].u.obj->u.mat.x[i] = odd[i] * (i + 1);
    v[7] = (value){V_SKILL, {.index = 1}};
    v[8] = (value){V_MODEL, {.index = 0}};
    v[9] = (value){V_OPT, {.index = ir->nopts - 1}};
    v[10] = (value){V_SYMBOL, {.sym = "orthogonal"}};
    value bound[] = {value_num(3), value_str("x", 1)};
    v[11] = value_func(ir->defs[ir->ndefs - 1], NULL, bound, 2);
    v[12] = value_func(NULL, "sqrt", bound, 1);
    value_release(bound[1]);
    static const char *const keys[] = {"estimate", "stderr", "run"};
    v[13] = a_record(keys, 3, value_str("", 0));
    v[14] = value_table(2);
    v[14].u.obj->u.rec.keys[0] = "seed";
    v[14].u.obj->u.rec.vals[0] = value_vec(2);
    v[14].u.obj->u.rec.keys[1] = "run";
    v[14].u.obj->u.rec.vals[1] = value_list(2);
    v[14].u.obj->u.rec.vals[1].u.obj->u.list.items[0] = a_run(ir);
    v[14].u.obj->u.rec.vals[1].u.obj->u.list.items[1] = a_run(ir);
    v[15] = a_run(ir);
    int n;
    const char *const *ik = infer_record_keys(&n);
    v[16] = a_record(ik, n, value_list(0));
    return all;
}

static void test_round_trip(ir_program *ir)
{
    value all = every_kind(ir);
    bytebuf b = {0};
    valueser_put(&b, ir, all);
    valueser_names *names = valueser_names_new(ir);
    byteread r = bytes_reader(b.data, b.len);
    value back;
    CHECK(valueser_get(&r, names, &back) == 0, "a value of every kind is read back");
    CHECK(r.at == r.end, "read to the end: %zu bytes left", (size_t)(r.end - r.at));
    CHECK(same_value(all, back), "every kind comes back equal, bit for bit");
    const value *items = back.u.obj->u.list.items;
    const result *run = items[15].u.obj->u.res;
    CHECK(run->names[0] == ir->skills[0].name && run->names[1] == ir->skills[1].name,
          "a run's skill names are the program's own strings");
    CHECK(run->model == ir->models[0].name, "a run's model is the program's own name");
    CHECK(infer_is_record(items[16]), "infer's record is still one");
    CHECK(!infer_is_record(items[13]), "another record is not");
    bytebuf again = {0};
    valueser_put(&again, ir, back);
    CHECK(again.len == b.len && memcmp(again.data, b.data, b.len) == 0, "written again, the same bytes");
    value_release(back);
    bytes_free(&again);

    int refused = 0, cut = 0;
    for (size_t len = 0; len < b.len; len += 1 + len / 64, cut++) {
        byteread part = bytes_reader(b.data, len);
        value v;
        refused += valueser_get(&part, names, &v) != 0 && v.kind == V_NONE;
    }
    CHECK(refused == cut, "%d of %d truncations refused", refused, cut);
    valueser_names_free(names);
    bytes_free(&b);
    value_release(all);
}

static void test_point(ir_program *ir)
{
    point pt = {0};
    pt.rc = -1;
    pt.nerrors = 2;
    pt.status = 66;
    pt.out = strdup("point 1\n");
    pt.outlen = 8;
    pt.err = strdup("");
    pt.files = output_capture_new();
    output_capture_add(pt.files, "out/a.csv", "x,y\n1,2\n", 8);
    output_capture_add(pt.files, "b.svg", "", 0);
    pt.t.ncols = 2;
    pt.t.nrows = 1;
    pt.t.names = malloc(2 * sizeof *pt.t.names);
    pt.t.names[0] = "seed";
    pt.t.names[1] = "loss";
    pt.t.cells = malloc(2 * sizeof *pt.t.cells);
    pt.t.cells[0] = value_num(7);
    pt.t.cells[1] = a_run(ir);
    pt.t.first_at = (loc){ir->src, 5, 9};
    bytebuf b = {0};
    point_pack(&b, ir, &pt);
    valueser_names *names = valueser_names_new(ir);
    byteread r = bytes_reader(b.data, b.len);
    point back;
    CHECK(point_unpack(&r, names, ir, &back) == 0 && r.at == r.end, "a point is read back");
    CHECK(back.rc == -1 && back.nerrors == 2 && back.status == 66, "its status");
    CHECK(back.outlen == 8 && strcmp(back.out, "point 1\n") == 0 && back.errlen == 0, "its text");
    const void *data;
    size_t len;
    CHECK(output_capture_count(back.files) == 2, "its two files");
    CHECK(strcmp(output_capture_file(back.files, 0, &data, &len), "out/a.csv") == 0 && len == 8 &&
              memcmp(data, "x,y\n1,2\n", 8) == 0, "its first file, whole");
    CHECK(strcmp(output_capture_file(back.files, 1, &data, &len), "b.svg") == 0 && len == 0,
          "its second file, empty");
    CHECK(back.t.ncols == 2 && back.t.nrows == 1 && strcmp(back.t.names[1], "loss") == 0 &&
              same_value(back.t.cells[0], pt.t.cells[0]) && same_value(back.t.cells[1], pt.t.cells[1]),
          "its row");
    CHECK(back.t.first_at.src == ir->src && back.t.first_at.off == 5 && back.t.first_at.end == 9,
          "where its first row was written");
    int refused = 0;
    for (size_t n = 0; n < b.len; n++) {
        byteread part = bytes_reader(b.data, n);
        point p;
        refused += point_unpack(&part, names, ir, &p) != 0;
        point_clear(&p);
    }
    CHECK(refused == (int)b.len, "%d of %zu truncated points refused", refused, b.len);
    point_clear(&back);
    point_clear(&pt);
    valueser_names_free(names);
    bytes_free(&b);
}

int main(void)
{
    diag d;
    diag_init(&d, stderr);
    ir_program *ir = checked(&d);
    CHECK(ir != NULL, "the program checks");
    if (ir) {
        test_round_trip(ir);
        test_point(ir);
        ir_program_free(ir);
    }
    diag_finish(&d);
    if (failures == 0)
        printf("test_valueser: all passed\n");
    return failures != 0;
}
