/* output.h - writers: values as `print` shows them, and files that are
 * written whole or not at all (a temporary file renamed into place). */
#ifndef SKILL_OUTPUT_H
#define SKILL_OUTPUT_H

#include <stdio.h>

#include "diag.h"
#include "ir.h"
#include "value.h"

void output_value(FILE *f, const ir_program *ir, value v);

typedef struct output_file {
    FILE *f;
    char *path;
    char *tmp;
} output_file;

/* Opens a temporary beside PATH.  0 on success; -1 with a reason in ERR. */
int output_open(output_file *o, const char *path, char *err, size_t errlen);
/* Flushes, closes and renames into place; -1 with a reason on failure, in
 * which case nothing is left at PATH or beside it. */
int output_commit(output_file *o, char *err, size_t errlen);
void output_abort(output_file *o);

/* With ON set, output_open opens /dev/null instead and commit renames
 * nothing: every output is formatted and thrown away (the fuzzers).
 * Process-wide; set it before any thread starts. */
void output_set_discard(int on);
int output_discarding(void);

struct result;
/* Writes R to DIR/PATH as .csv, .tsv or .json (by PATH's extension), whole
 * or not at all; reports failures at AT. */
int output_save_result(diag *d, loc at, const char *dir, const char *path, const struct result *r);
void output_result_table(FILE *f, const struct result *r, char sep);
void output_result_json(FILE *f, const struct result *r);

/* A table: one line of column names, then one line a row (SEP between
 * cells; ' ' for print), or JSON; saved whole or not at all. */
void output_table(FILE *f, const ir_program *ir, value t, char sep);
void output_table_json(FILE *f, const ir_program *ir, value t);
int output_save_table(diag *d, loc at, const char *dir, const char *path, const ir_program *ir, value t);

/* DIR/PATH unless PATH is absolute or DIR is NULL; malloc'd. */
char *output_path(const char *dir, const char *path);

#endif
