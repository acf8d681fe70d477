#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

typedef struct field {
    char *text;
    size_t off, end;
} field;

typedef struct record {
    field *fields;
    int n;
    size_t off, end;            /* the line, without its newline */
} record;

typedef struct scanner {
    const char *text;
    size_t len, at;
    char sep;
    data_error *err;
} scanner;

static void *grow(void *p, int *cap, int need, size_t size)
{
    return xgrow(p, cap, need, size);
}

static char *copy_span(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        abort();
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static int at_line_end(const scanner *sc, size_t i)
{
    return i >= sc->len || sc->text[i] == '\n' || (sc->text[i] == '\r' && (i + 1 >= sc->len || sc->text[i + 1] == '\n'));
}

static size_t skip_spaces(const scanner *sc, size_t i)
{
    while (i < sc->len && sc->text[i] == ' ' && sc->sep != ' ')
        i++;
    return i;
}

/* "a ""b""" from the opening quote at sc->at; leaves sc->at past the field. */
/* The closing quote of the field opened at OPEN, or sc->len. */
static size_t closing_quote(const scanner *sc, size_t open)
{
    size_t i = open + 1;
    while (i < sc->len && !(sc->text[i] == '"' && (i + 1 >= sc->len || sc->text[i + 1] != '"')))
        i += sc->text[i] == '"' ? 2 : 1;
    return i < sc->len ? i : sc->len;
}

static int quoted_field(scanner *sc, field *f)
{
    size_t open = sc->at, i = open + 1, n = 0;
    char *buf = malloc(closing_quote(sc, open) - open + 1);
    if (!buf)
        abort();
    for (;; i++) {
        if (i >= sc->len) {
            free(buf);
            {
            data_fail(sc->err, open, open + 1, "this quoted field is not closed");
            snprintf(sc->err->hint, sizeof sc->err->hint, "end it with '\"'; a quote inside a quoted field is written twice: \"\"");
            return -1;
        }
        }
        if (sc->text[i] == '"' && i + 1 < sc->len && sc->text[i + 1] == '"')
            buf[n++] = sc->text[i++];
        else if (sc->text[i] == '"')
            break;
        else
            buf[n++] = sc->text[i];
    }
    buf[n] = '\0';
    size_t after = skip_spaces(sc, i + 1);
    if (!at_line_end(sc, after) && sc->text[after] != sc->sep) {
        free(buf);
        return data_fail(sc->err, after, after + 1, "unexpected text after a closing quote");
    }
    *f = (field){buf, open, i + 1};
    sc->at = after;
    return 0;
}

static void plain_field(scanner *sc, field *f)
{
    size_t start = skip_spaces(sc, sc->at), end = start;
    while (!at_line_end(sc, end) && sc->text[end] != sc->sep)
        end++;
    size_t last = end;
    while (last > start && sc->text[last - 1] == ' ' && sc->sep != ' ')
        last--;
    *f = (field){copy_span(sc->text + start, last - start), start, last};
    sc->at = end;
}

static void free_record(record *r)
{
    for (int i = 0; i < r->n; i++)
        free(r->fields[i].text);
    free(r->fields);
}

/* One line's fields; sc->at is left at the start of the next line. */
static int read_record(scanner *sc, record *r)
{
    int cap = 0;
    memset(r, 0, sizeof *r);
    r->off = sc->at;
    for (;;) {
        r->fields = grow(r->fields, &cap, r->n + 1, sizeof *r->fields);
        size_t start = skip_spaces(sc, sc->at);
        if (start < sc->len && sc->text[start] == '"') {
            sc->at = start;
            if (quoted_field(sc, &r->fields[r->n]) != 0) {
                free_record(r);
                return -1;
            }
        } else {
            plain_field(sc, &r->fields[r->n]);
        }
        r->n++;
        if (at_line_end(sc, sc->at))
            break;
        sc->at++;                       /* the separator */
    }
    r->end = sc->at;
    while (sc->at < sc->len && sc->text[sc->at] != '\n')
        sc->at++;
    sc->at++;
    return 0;
}

static int blank_or_comment(const scanner *sc)
{
    size_t i = skip_spaces(sc, sc->at);
    return at_line_end(sc, i) || sc->text[i] == '#';
}

static void skip_line(scanner *sc)
{
    while (sc->at < sc->len && sc->text[sc->at] != '\n')
        sc->at++;
    sc->at++;
}

static int all_numbers(const record *r)
{
    double x;
    for (int i = 0; i < r->n; i++)
        if (!data_number(r->fields[i].text, &x))
            return 0;
    return 1;
}

static void free_records(record *rs, int n)
{
    for (int i = 0; i < n; i++)
        free_record(&rs[i]);
    free(rs);
}

static int read_records(scanner *sc, record **out, int *count)
{
    int cap = 0, n = 0;
    record *rs = NULL;
    if (sc->len >= 3 && memcmp(sc->text, "\xEF\xBB\xBF", 3) == 0)
        sc->at = 3;                     /* a UTF-8 byte-order mark */
    while (sc->at < sc->len) {
        if (blank_or_comment(sc)) {
            skip_line(sc);
            continue;
        }
        rs = grow(rs, &cap, n + 1, sizeof *rs);
        if (read_record(sc, &rs[n]) != 0) {
            free_records(rs, n);
            return -1;
        }
        n++;
    }
    *out = rs;
    *count = n;
    return 0;
}

static int check_names(const record *head, data_error *err)
{
    for (int c = 0; c < head->n; c++) {
        const field *f = &head->fields[c];
        if (!f->text[0])
            return data_fail(err, f->off, f->end, "column %d has no name", c + 1);
        for (int d = 0; d < c; d++)
            if (strcmp(head->fields[d].text, f->text) == 0)
                {
                data_fail(err, f->off, f->end, "column '%s' is named twice", f->text);
                snprintf(err->hint, sizeof err->hint, "give each column a name of its own");
                return -1;
            }
    }
    return 0;
}

static int check_width(const record *r, int width, data_error *err)
{
    if (r->n == width)
        return 0;
    if (r->n > width)
        data_fail(err, r->fields[width].off, r->fields[width].end,
                  "this row has %d fields, but there are %d columns", r->n, width);
    else
        data_fail(err, r->end, r->end, "this row has %d field%s, but there are %d columns", r->n,
                  r->n == 1 ? "" : "s", width);
    snprintf(err->hint, sizeof err->hint, "every row needs a field for each column; leave a field "
             "empty for a missing value");
    return -1;
}

static void take_cell(data_cell *cell, field *f)
{
    double x;
    cell->off = f->off;
    cell->end = f->end;
    if (!f->text[0]) {
        cell->kind = CELL_MISSING;
    } else if (data_number(f->text, &x)) {
        cell->kind = CELL_NUMBER;
        cell->num = x;
        cell->text = f->text;           /* for a column of text */
        f->text = NULL;
    } else {
        cell->kind = CELL_TEXT;
        cell->text = f->text;
        f->text = NULL;
    }
}

static void fill_frame(record *rs, int n, int headerless, data_frame *out)
{
    const record *head = &rs[0];
    int first = headerless ? 0 : 1;
    out->nrows = n - first;
    out->headerless = headerless;
    out->row_off = malloc(((size_t)out->nrows + 1) * sizeof *out->row_off);
    if (!out->row_off)
        abort();
    for (int c = 0; c < head->n; c++) {
        char name[32];
        snprintf(name, sizeof name, "%d", c + 1);
        const field *h = &head->fields[c];
        frame_add_column(out, headerless ? name : h->text, h->off, h->end);
    }
    for (int r = first; r < n; r++) {
        out->row_off[r - first] = rs[r].off;
        for (int c = 0; c < head->n; c++)
            take_cell(&out->cols[c].cells[r - first], &rs[r].fields[c]);
    }
}

int csv_read(const char *text, size_t len, char sep, data_frame *out, data_error *err)
{
    scanner sc = {text, len, 0, sep, err};
    record *rs;
    int n;
    memset(out, 0, sizeof *out);
    if (read_records(&sc, &rs, &n) != 0)
        return -1;
    if (n == 0) {
        free(rs);
        {
        data_fail(err, 0, 0, "the file is empty");
        snprintf(err->hint, sizeof err->hint, "a table starts with a line of column names, e.g. step,A,B");
        return -1;
    }
    }
    int headerless = all_numbers(&rs[0]);
    int rc = headerless ? 0 : check_names(&rs[0], err);
    for (int r = 1; r < n && rc == 0; r++)
        rc = check_width(&rs[r], rs[0].n, err);
    if (rc == 0)
        fill_frame(rs, n, headerless, out);
    free_records(rs, n);
    return rc;
}
