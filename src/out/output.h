/* output.h - writers: values as `print` shows them, and run results and
 * tables saved as CSV, TSV or JSON files (whole or not at all: outfile.h). */
#ifndef SKILL_OUTPUT_H
#define SKILL_OUTPUT_H

#include <stdio.h>

#include "diag.h"
#include "ir.h"
#include "outfile.h"
#include "value.h"

void output_value(FILE *f, const ir_program *ir, value v);

struct result;
/* Writes R to DIR/PATH as .csv, .tsv or .json (by PATH's extension), whole
 * or not at all, as POLICY says (outfile.h); reports failures at AT, except
 * when POLICY's cancel token stopped it. */
int output_save_result(diag *d, loc at, const char *dir, const char *path, const struct result *r,
                       const output_policy *policy);
void output_result_table(FILE *f, const struct result *r, char sep);
void output_result_json(FILE *f, const struct result *r);

/* A table: one line of column names, then one line a row (SEP between
 * cells; ' ' for print), or JSON; saved whole or not at all. */
void output_table(FILE *f, const ir_program *ir, value t, char sep);
void output_table_json(FILE *f, const ir_program *ir, value t);
int output_save_table(diag *d, loc at, const char *dir, const char *path, const ir_program *ir, value t,
                      const output_policy *policy);

/* DIR/PATH unless PATH is absolute or DIR is NULL; malloc'd. */
char *output_path(const char *dir, const char *path);

#endif
