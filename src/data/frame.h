/* frame.h - a data file as its readers leave it: named columns of cells,
 * each cell with the byte span it was read from, so that whoever turns
 * the frame into a value can point at the cell that is wrong.  The readers
 * (csv.c, json.c) know formats, not the language. */
#ifndef SKILL_FRAME_H
#define SKILL_FRAME_H

#include <stddef.h>

typedef enum { CELL_MISSING, CELL_NUMBER, CELL_TEXT } cell_kind;

typedef struct data_cell {
    cell_kind kind;
    double num;                 /* CELL_NUMBER (nan and inf included) */
    char *text;                 /* CELL_TEXT, NUL-terminated, unquoted */
    size_t off, end;            /* where it is in the file */
} data_cell;

typedef struct data_column {
    char *name;
    size_t off, end;            /* the name's span */
    data_cell *cells;           /* nrows of them */
} data_column;

typedef struct data_frame {
    data_column *cols;
    int ncols, nrows;
    int headerless;             /* no row of names: a matrix of numbers */
    char *model;                /* a run's model, as a JSON run names it, or NULL */
    size_t *row_off;            /* where each row begins (nrows of them), or NULL */
} data_frame;

/* What is wrong with a file, and where: a message and an optional hint. */
typedef struct data_error {
    size_t off, end;
    char message[256];
    char hint[256];
} data_error;

void frame_free(data_frame *f);
/* Appends a column named NAME (copied) with NROWS missing cells; its index. */
int frame_add_column(data_frame *f, const char *name, size_t off, size_t end);
/* Sets ERR's place and message (printf-style); returns -1. */
int data_fail(data_error *err, size_t off, size_t end, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Reads TEXT as a whole number or nan/inf; 1 if it is one. */
int data_number(const char *text, double *out);

#endif
