/* loadtable.c - a data file as a table (a column of numbers is a vector,
 * a column of text a list of strings; its first value decides which) or,
 * without a row of names, as a matrix. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

static int is_text_column(const data_column *col, int nrows)
{
    for (int r = 0; r < nrows; r++)
        if (col->cells[r].kind != CELL_MISSING)
            return col->cells[r].kind == CELL_TEXT;
    return 0;
}

static int number_column(const load_ctx *lc, const data_column *col, int nrows, value *out)
{
    *out = value_vec(nrows);
    for (int r = 0; r < nrows; r++) {
        const data_cell *cell = &col->cells[r];
        if (cell->kind == CELL_TEXT) {
            value_release(*out);
            load_fail(lc, cell->off, cell->end, "'%s' is not a number (column '%s' holds numbers)",
                      cell->text, col->name);
            diag_hint(lc->ev->d, "a column's first value decides whether it holds numbers or text; "
                      "leave a field empty for a missing number");
            return -1;
        }
        out->u.obj->u.vec.x[r] = cell->kind == CELL_NUMBER ? cell->num : NAN;
    }
    return 0;
}

/* Text as written; a number in a text column keeps its text (CSV) or, from
 * JSON, is an error. */
static int text_column(const load_ctx *lc, const data_column *col, int nrows, value *out)
{
    *out = value_list(nrows);
    for (int r = 0; r < nrows; r++) {
        const data_cell *cell = &col->cells[r];
        if (cell->kind == CELL_NUMBER && !cell->text) {
            value_release(*out);
            return load_fail(lc, cell->off, cell->end, "column '%s' holds text, not numbers", col->name);
        }
        const char *text = cell->text ? cell->text : "";
        out->u.obj->u.list.items[r] = value_str(text, strlen(text));
    }
    return 0;
}

int load_table(const load_ctx *lc, const data_frame *f, value *out)
{
    *out = value_table(f->ncols);
    vobj *t = out->u.obj;
    load_keep_names(lc, f, t->u.rec.keys);
    for (int c = 0; c < f->ncols; c++) {
        const data_column *col = &f->cols[c];
        int rc = is_text_column(col, f->nrows) ? text_column(lc, col, f->nrows, &t->u.rec.vals[c])
                                               : number_column(lc, col, f->nrows, &t->u.rec.vals[c]);
        if (rc != 0) {
            t->u.rec.n = c;             /* the columns made so far */
            value_release(*out);
            *out = (value){V_NONE, {0}};
            return -1;
        }
    }
    return 0;
}

int load_matrix(const load_ctx *lc, const data_frame *f, value *out)
{
    *out = value_matrix(f->nrows, f->ncols);
    for (int r = 0; r < f->nrows; r++)
        for (int c = 0; c < f->ncols; c++) {
            const data_cell *cell = &f->cols[c].cells[r];
            if (cell->kind != CELL_NUMBER) {
                value_release(*out);
                *out = (value){V_NONE, {0}};
                load_fail(lc, cell->off, cell->end, "a matrix needs a number here, not %s",
                          cell->kind == CELL_MISSING ? "an empty field" : "text");
                diag_hint(lc->ev->d, "a file whose first line is all numbers is a matrix");
                return -1;
            }
            out->u.obj->u.mat.x[(size_t)r * (size_t)f->ncols + (size_t)c] = cell->num;
        }
    return 0;
}
