/* load.h - `load "file"`: a data file (.csv, .tsv, .json, .npy) as a
 * table, a run result or a matrix (skill(5), DATA FILES).  Paths are
 * relative to the folder of the file that says `load`.  Every error in a
 * data file is located in it, as errors in a program are. */
#ifndef SKILL_LOAD_H
#define SKILL_LOAD_H

#include "eval.h"
#include "frame.h"

/* load(PATH) at E: 0, or -1 after reporting why (the diag's status is then
 * EXIT_INVALID for bad data, EXIT_UNREADABLE for a file that cannot be read). */
int load_call(eval_ctx *ev, const ast_expr *e, value path, value *out);

/* What the converters share: where errors go and the file they are in. */
typedef struct load_ctx {
    eval_ctx *ev;
    const source *src;
} load_ctx;

/* An error at bytes [OFF, END) of the data file; returns -1. */
int load_fail(const load_ctx *lc, size_t off, size_t end, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* F's column names, kept for as long as the program lives (a table's keys
 * are not owned by it), into NAMES (F->ncols of them). */
void load_keep_names(const load_ctx *lc, const data_frame *f, const char **names);

/* loadrun.c: is F a run (a step column beside skill columns, or the long
 * form step, skill, value)?  And the run it is. */
int load_is_run(const ir_program *ir, const data_frame *f);
int load_run(const load_ctx *lc, const data_frame *f, value *out);

/* loadtable.c: F as a table of columns, or (headerless) a matrix. */
int load_table(const load_ctx *lc, const data_frame *f, value *out);
int load_matrix(const load_ctx *lc, const data_frame *f, value *out);

#endif
