/* sweeppoint.h - what one point of a sweep leaves behind: its rows, the
 * text it printed, its diagnostics, its status and (run on another MPI
 * process) the files it wrote; and those in bytes and back, for the point
 * to cross from the process that ran it to the others (skill(1), MPI). */
#ifndef SKILL_SWEEPPOINT_H
#define SKILL_SWEEPPOINT_H

#include <stddef.h>

#include "bytes.h"
#include "diag.h"
#include "ir.h"
#include "outfile.h"
#include "value.h"
#include "valueser.h"

/* The rows a sweep's `row` statements add, with the first row's fields. */
typedef struct rows {
    int ncols, nrows, cap;
    const char **names;
    value *cells;               /* nrows x ncols */
    loc first_at;
} rows;

void rows_free(rows *t);

typedef struct point {
    rows t;
    char *out, *err;            /* printed text, diagnostics' text */
    size_t outlen, errlen;
    diag_log *log;              /* the diagnostics, when they go to a sink */
    output_capture *files;      /* its files, when they are shipped, or NULL */
    int rc, nerrors;
    int status;                 /* its diag's status (a data file's error), or 0 */
} point;

/* Frees what PT holds and zeroes it. */
void point_clear(point *pt);

/* Appends PT (not its diagnostics log: shipped points print theirs as
 * text) to B. */
void point_pack(bytebuf *b, const ir_program *ir, const point *pt);
/* Reads a point written by point_pack into *PT (zeroed first): 0, or -1
 * if R is malformed. */
int point_unpack(byteread *r, valueser_names *names, const ir_program *ir, point *pt);

#endif
