/* test_data.c - unit tests for the data-file readers (src/data/): CSV and
 * TSV fields, quoting, headers and headerless matrices; JSON's three
 * shapes, its escapes and the place of each error; .npy headers, element
 * types and orders.  Every error names a byte span inside the text.
 * Exit status 0 when all pass. */
#include <math.h>
#include <stdint.h>

#include "csv.h"
#include "json.h"
#include "npy.h"
#include "testkit.h"

static int csv(const char *text, char sep, data_frame *f, data_error *err)
{
    return csv_read(text, strlen(text), sep, f, err);
}

static int json(const char *text, data_frame *f, data_error *err)
{
    return json_read(text, strlen(text), f, err);
}

static void csv_fields(void)
{
    data_frame f;
    data_error err;
    CHECK(csv("\xEF\xBB\xBF# a comment\nstep, \"a, \"\"b\"\"\" ,c\n\n0,1.5,x\r\n10, ,nan\n", ',', &f, &err) == 0,
          "read: %s", err.message);
    CHECK(f.ncols == 3 && f.nrows == 2 && !f.headerless, "shape %d x %d", f.nrows, f.ncols);
    CHECK(!strcmp(f.cols[1].name, "a, \"b\""), "quoted name '%s'", f.cols[1].name);
    CHECK(f.cols[1].cells[0].kind == CELL_NUMBER && f.cols[1].cells[0].num == 1.5, "1.5");
    CHECK(f.cols[2].cells[0].kind == CELL_TEXT && !strcmp(f.cols[2].cells[0].text, "x"), "text x");
    CHECK(f.cols[1].cells[1].kind == CELL_MISSING, "a blank field is missing");
    CHECK(f.cols[2].cells[1].kind == CELL_NUMBER && isnan(f.cols[2].cells[1].num), "nan is a number");
    CHECK(f.cols[0].cells[1].off == 45 && f.cols[0].cells[1].end == 47, "span of 10: %zu..%zu",
          f.cols[0].cells[1].off, f.cols[0].cells[1].end);
    frame_free(&f);
    CHECK(csv("a\tb c\n1\t2\n", '\t', &f, &err) == 0 && !strcmp(f.cols[1].name, "b c"), "tab-separated");
    frame_free(&f);
    CHECK(csv("1,2\n3,4\n", ',', &f, &err) == 0 && f.headerless && f.nrows == 2, "a headerless matrix");
    frame_free(&f);
}

static void csv_errors(void)
{
    data_frame f;
    data_error err;
    CHECK(csv("a,b\n1\n", ',', &f, &err) != 0 && err.off == 5 && strstr(err.message, "1 field, but there are 2"),
          "short row: %zu %s", err.off, err.message);
    CHECK(csv("a,b\n1,2,3\n", ',', &f, &err) != 0 && err.off == 8, "long row at the extra field: %zu", err.off);
    CHECK(csv("a\n\"x\n", ',', &f, &err) != 0 && err.off == 2 && strstr(err.message, "not closed"), "open quote");
    CHECK(csv("a\n\"x\"y\n", ',', &f, &err) != 0 && err.off == 5, "text after a quote: %zu", err.off);
    CHECK(csv("a,a\n", ',', &f, &err) != 0 && err.off == 2 && strstr(err.message, "named twice"), "twice");
    CHECK(csv("a,,b\n", ',', &f, &err) != 0 && strstr(err.message, "column 2 has no name"), "no name");
    CHECK(csv(" \n# only\n", ',', &f, &err) != 0 && !strcmp(err.message, "the file is empty"), "empty");
}

static void json_shapes(void)
{
    data_frame f;
    data_error err;
    CHECK(json("{\"x\": [1, null, -2.5e3], \"s\": [\"\\u00e9\\n\", \"\\ud83d\\ude00\", \"\"]}", &f, &err) == 0,
          "columns: %s", err.message);
    CHECK(f.ncols == 2 && f.nrows == 3 && f.cols[0].cells[2].num == -2500, "x");
    CHECK(f.cols[0].cells[1].kind == CELL_MISSING, "null is missing");
    CHECK(!strcmp(f.cols[1].cells[0].text, "\xC3\xA9\n") && !strcmp(f.cols[1].cells[1].text, "\xF0\x9F\x98\x80"),
          "escapes");
    frame_free(&f);
    CHECK(json("[{\"step\": 0, \"a\": NaN}, {\"b\": Infinity, \"step\": 1}]", &f, &err) == 0, "rows");
    CHECK(f.ncols == 3 && f.nrows == 2 && isnan(f.cols[1].cells[0].num) && f.cols[1].cells[1].kind == CELL_MISSING &&
          isinf(f.cols[2].cells[1].num), "rows: columns in order of appearance, missing keys missing");
    frame_free(&f);
    CHECK(json("{\"model\": \"R\", \"steps\": [0, 5], \"loss\": [1, 0], \"levels\": {\"A\": [0, 1]},"
               " \"align\": {\"A\": [3, 4]}, \"train_acc\": {\"A\": [0.5, 1]}}", &f, &err) == 0, "a run");
    CHECK(f.ncols == 5 && !strcmp(f.cols[0].name, "step") && !strcmp(f.cols[2].name, "A") &&
          !strcmp(f.cols[3].name, "align_A") && !strcmp(f.cols[4].name, "train_acc_A") && !strcmp(f.model, "R"),
          "a run's columns");
    frame_free(&f);
}

static void json_errors(void)
{
    data_frame f;
    data_error err;
    CHECK(json("{\"a\": [1 2]}", &f, &err) != 0 && err.off == 9 && strstr(err.message, "',' or ']'"),
          "missing comma: %zu %s", err.off, err.message);
    CHECK(json("{\"a\": [1,", &f, &err) != 0 && err.off == 9 && strstr(err.message, "ends"), "truncated");
    CHECK(json("{\"a\": [01]}", &f, &err) != 0 && err.off == 7, "a leading zero");
    CHECK(json("{\"a\": \"x", &f, &err) != 0 && err.off == 6 && strstr(err.message, "not closed"), "open string");
    CHECK(json("{\"a\": [1], \"b\": [1, 2]}", &f, &err) != 0 && strstr(err.message, "'b' has 2 values"), "lengths");
    CHECK(json("{\"a\": [[1]]}", &f, &err) != 0 && err.off == 7, "a nested cell");
    CHECK(json("{} x", &f, &err) != 0 && err.off == 3, "trailing text");
    char deep[200];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    CHECK(json(deep, &f, &err) != 0 && strstr(err.message, "nested more than"), "depth");
}

/* A .npy file: the magic, version, header padded to 64 bytes, data. */
static size_t npy_file(unsigned char *buf, int major, const char *dict, const void *data, size_t n)
{
    size_t pre = major == 1 ? 10 : 12, len = strlen(dict), hlen = (pre + len + 1 + 63) / 64 * 64 - pre;
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)major;
    buf[7] = 0;
    buf[8] = (unsigned char)(hlen & 0xFF);
    buf[9] = (unsigned char)(hlen >> 8);
    if (major != 1)
        buf[10] = buf[11] = 0;
    memset(buf + pre, ' ', hlen);
    memcpy(buf + pre, dict, len);
    buf[pre + hlen - 1] = '\n';
    memcpy(buf + pre + hlen, data, n);
    return pre + hlen + n;
}

static void npy(void)
{
    unsigned char buf[512];
    npy_array a;
    data_error err;
    double d[6] = {1, 2, 3, 4, 5, 6};
    size_t n = npy_file(buf, 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", d, sizeof d);
    CHECK(npy_read(buf, n, &a, &err) == 0 && a.ndim == 2 && a.rows == 2 && a.cols == 3, "f8 fortran");
    CHECK(a.x[0] == 1 && a.x[1] == 3 && a.x[2] == 5 && a.x[3] == 2, "Fortran order read as rows");
    npy_free(&a);
    int32_t i4[3] = {-7, 0, 2147483647};
    n = npy_file(buf, 2, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", i4, sizeof i4);
    CHECK(npy_read(buf, n, &a, &err) == 0 && a.ndim == 1 && a.cols == 3 && a.x[0] == -7 && a.x[2] == 2147483647,
          "i4 1-D, version 2");
    npy_free(&a);
    float f4[2] = {0.1f, -2.5f};
    n = npy_file(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", f4, sizeof f4);
    CHECK(npy_read(buf, n, &a, &err) == 0 && a.x[0] == (double)0.1f && a.x[1] == -2.5, "f4");
    npy_free(&a);
    n = npy_file(buf, 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", d, 8);
    CHECK(npy_read(buf, n, &a, &err) != 0 && strstr(err.message, "'>f8' is not read"), "big-endian refused");
    n = npy_file(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", d, 40);
    CHECK(npy_read(buf, n, &a, &err) != 0 && strstr(err.message, "shorter"), "short data");
    n = npy_file(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", d, 8);
    CHECK(npy_read(buf, n, &a, &err) != 0 && strstr(err.message, "scalar"), "a scalar");
    n = npy_file(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", d, 8);
    CHECK(npy_read(buf, n, &a, &err) != 0, "3-D refused");
    CHECK(npy_read((const unsigned char *)"PK\3\4", 4, &a, &err) != 0 && strstr(err.message, "not a .npy"), "magic");
    buf[8] = 0xFF;
    buf[9] = 0xFF;
    CHECK(npy_read(buf, 100, &a, &err) != 0 && strstr(err.message, "longer than the file"), "header length");
}

int main(void)
{
    csv_fields();
    csv_errors();
    json_shapes();
    json_errors();
    npy();
    if (failures)
        printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
