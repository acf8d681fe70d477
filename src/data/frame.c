#include "frame.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void *zalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        abort();
    return p;
}

static char *copy_text(const char *s)
{
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

void frame_free(data_frame *f)
{
    for (int c = 0; c < f->ncols; c++) {
        for (int r = 0; r < f->nrows; r++)
            free(f->cols[c].cells[r].text);
        free(f->cols[c].cells);
        free(f->cols[c].name);
    }
    free(f->cols);
    free(f->row_off);
    free(f->model);
    memset(f, 0, sizeof *f);
}

int frame_add_column(data_frame *f, const char *name, size_t off, size_t end)
{
    int cap = f->ncols;
    f->cols = xgrow(f->cols, &cap, f->ncols + 1, sizeof *f->cols);
    data_column *col = &f->cols[f->ncols];
    col->name = copy_text(name);
    col->off = off;
    col->end = end;
    col->cells = zalloc(((size_t)f->nrows + 1) * sizeof *col->cells);
    return f->ncols++;
}

int data_fail(data_error *err, size_t off, size_t end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->hint[0] = '\0';
    err->off = off;
    err->end = end > off ? end : off + 1;
    return -1;
}

int data_number(const char *text, double *out)
{
    char *end;
    if (!*text)
        return 0;
    *out = strtod(text, &end);
    return end != text && *end == '\0';
}
