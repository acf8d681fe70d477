/* interp.h - executes a checked program's statements in order: `let`,
 * assignments, `print`, `graph`, and (as the model backends arrive) runs,
 * sweeps, fits, `save` and `plot`. */
#ifndef SKILL_INTERP_H
#define SKILL_INTERP_H

#include <stdio.h>

#include "diag.h"
#include "ir.h"

typedef struct interp_options {
    const char *outdir;         /* where relative output paths go; NULL: here */
    int quiet;
    int jobs;
} interp_options;

/* Returns the exit status: EXIT_OK or EXIT_RUNTIME. */
int interp_run(ir_program *ir, const interp_options *opt, diag *d);

/* The dependency graph of MODEL's skills (-1: every skill), written to PATH
 * (format by extension) or, if PATH is NULL, as DOT text to OUT. */
int interp_graph(const ir_program *ir, int model, const char *path, FILE *out, diag *d);

#endif
