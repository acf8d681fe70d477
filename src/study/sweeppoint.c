#include "sweeppoint.h"

#include <stdlib.h>
#include <string.h>

void rows_free(rows *t)
{
    for (int i = 0; i < t->nrows * t->ncols; i++)
        value_release(t->cells[i]);
    free(t->cells);
    free(t->names);
}

void point_clear(point *pt)
{
    rows_free(&pt->t);
    free(pt->out);
    free(pt->err);
    diag_log_free(pt->log);
    output_capture_free(pt->files);
    memset(pt, 0, sizeof *pt);
}

/* A place in the program's text: its source's number among the program's. */
static void put_loc(bytebuf *b, const ir_program *ir, loc at)
{
    int64_t k = -1;
    for (int i = 0; i < ir->nsources && k < 0; i++)
        if (ir->sources[i] == at.src)
            k = i;
    bytes_put_i64(b, k);
    bytes_put_u64(b, at.off);
    bytes_put_u64(b, at.end);
}

static loc get_loc(byteread *r, const ir_program *ir)
{
    int64_t k = bytes_get_i64(r);
    loc at = {NULL, 0, 0};
    at.off = (size_t)bytes_get_u64(r);
    at.end = (size_t)bytes_get_u64(r);
    at.src = k >= 0 && k < ir->nsources ? ir->sources[k] : ir->src;
    if (at.end > at.src->len || at.off > at.end)
        at.off = at.end = 0;
    return at;
}

static void put_rows(bytebuf *b, const ir_program *ir, const rows *t)
{
    bytes_put_u64(b, (uint64_t)t->ncols);
    bytes_put_u64(b, (uint64_t)t->nrows);
    for (int c = 0; c < t->ncols; c++)
        bytes_put_str(b, t->names[c]);
    put_loc(b, ir, t->first_at);
    for (long i = 0; i < (long)t->nrows * t->ncols; i++)
        valueser_put(b, ir, t->cells[i]);
}

/* Column names are the `row` statement's own keys, found again in the
 * program's text by the row's place. */
static int get_rows(byteread *r, valueser_names *names, const ir_program *ir, rows *t)
{
    int ncols = (int)bytes_get_count(r, 1 << 20);
    int nrows = (int)bytes_get_count(r, (long)(r->end - r->at));
    if (r->bad || (ncols && (size_t)nrows > (size_t)(r->end - r->at) / (size_t)ncols))
        return -1;
    t->ncols = ncols;
    t->cap = t->nrows = nrows;
    t->names = calloc((size_t)t->ncols + 1, sizeof *t->names);
    t->cells = calloc((size_t)t->nrows * t->ncols + 1, sizeof *t->cells);
    if (!t->names || !t->cells)
        abort();
    for (int c = 0; c < t->ncols; c++)
        t->names[c] = valueser_name(names, r);
    t->first_at = get_loc(r, ir);
    for (long i = 0; i < (long)t->nrows * t->ncols && !r->bad; i++)
        if (valueser_get(r, names, &t->cells[i]) != 0)
            return -1;
    return r->bad ? -1 : 0;
}

static void put_files(bytebuf *b, const output_capture *files)
{
    int n = output_capture_count(files);
    bytes_put_u64(b, (uint64_t)n);
    for (int i = 0; i < n; i++) {
        const void *data;
        size_t len;
        bytes_put_str(b, output_capture_file(files, i, &data, &len));
        bytes_put_text(b, data, len);
    }
}

static int get_files(byteread *r, point *pt)
{
    long n = bytes_get_count(r, (long)(r->end - r->at));
    if (n > 0)
        pt->files = output_capture_new();
    for (long i = 0; i < n && !r->bad; i++) {
        char *path = bytes_get_str(r);
        size_t len;
        const char *data = bytes_get_text(r, &len);
        if (path && data)
            output_capture_add(pt->files, path, data, len);
        else
            r->bad = 1;
        free(path);
    }
    return r->bad ? -1 : 0;
}

static char *copy_text(const char *text, size_t len)
{
    char *s = malloc(len + 1);
    if (!s)
        abort();
    if (len)
        memcpy(s, text, len);
    s[len] = 0;
    return s;
}

void point_pack(bytebuf *b, const ir_program *ir, const point *pt)
{
    bytes_put_i64(b, pt->rc);
    bytes_put_i64(b, pt->nerrors);
    bytes_put_i64(b, pt->status);
    bytes_put_text(b, pt->out ? pt->out : "", pt->outlen);
    bytes_put_text(b, pt->err ? pt->err : "", pt->errlen);
    put_files(b, pt->files);
    put_rows(b, ir, &pt->t);
}

int point_unpack(byteread *r, valueser_names *names, const ir_program *ir, point *pt)
{
    memset(pt, 0, sizeof *pt);
    pt->rc = (int)bytes_get_i64(r);
    pt->nerrors = (int)bytes_get_i64(r);
    pt->status = (int)bytes_get_i64(r);
    size_t len;
    const char *text = bytes_get_text(r, &len);
    pt->out = copy_text(text, len);
    pt->outlen = len;
    text = bytes_get_text(r, &len);
    pt->err = copy_text(text, len);
    pt->errlen = len;
    if (r->bad || get_files(r, pt) != 0 || get_rows(r, names, ir, &pt->t) != 0) {
        r->bad = 1;
        return -1;
    }
    return 0;
}
