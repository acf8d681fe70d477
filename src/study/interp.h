/* interp.h - executes a checked program's statements in order: `let`,
 * assignments, `print`, `graph`, and (as the model backends arrive) runs,
 * sweeps, fits, `save` and `plot`. */
#ifndef SKILL_INTERP_H
#define SKILL_INTERP_H

#include <stdio.h>

#include "cancel.h"
#include "diag.h"
#include "ir.h"
#include "progress.h"
#include "outfile.h"
#include "value.h"

typedef struct interp_options {
    const char *outdir;         /* where relative output paths go; NULL: here */
    int quiet;
    int jobs;
    /* Once set, runs, sweeps, fits and writes stop and unwind, removing
     * unfinished files, without an error message; the statements that
     * follow are not executed.  Zero: never. */
    cancel_token cancel;
    progress_hook progress;     /* report set: progress goes there, not to a terminal */
    FILE *out;                  /* where `print` writes; NULL: stdout */
    /* Every output file is formatted and none written: no file, no
     * temporary, and graphs are not laid out (the fuzzers). */
    int discard;
    /* The host's record of standard output's failed writes, when it
     * tracks it (output_track; the command line does): their reasons are
     * reported exactly.  NULL: a reason stdio lost is given as EIO. */
    output_tracker *tracker;
    /* One of the processes of an MPI job (src/par/cluster.h), all running
     * this program: each sweep outside another sweep's points is shared
     * by them (skill(1), MPI). */
    int collective;
} interp_options;

/* Returns the exit status: EXIT_OK or EXIT_RUNTIME (also when cancelled). */
int interp_run(ir_program *ir, const interp_options *opt, diag *d);

/* A session (the REPL): statements executed a few at a time, against a
 * program that may be replaced between calls, with `let` bindings kept
 * across calls.  Values bound may refer to earlier programs (their names,
 * defs and skills): the caller keeps those alive while the session is. */
typedef struct interp_session interp_session;

interp_session *interp_session_new(const interp_options *opt, diag *d);
void interp_session_free(interp_session *s);
void interp_session_use(interp_session *s, ir_program *ir);
/* For the fuzzers: `print` writes to OUT, and the statements executed from
 * now on may do BUDGET units of work in all (see eval_spend). */
void interp_session_confine(interp_session *s, FILE *out, long budget);
/* Executes N statements in order, stopping at the first error; returns
 * EXIT_OK or EXIT_RUNTIME. */
int interp_session_exec(interp_session *s, const ast_stmt *const *stmts, int n);
/* Evaluates E with the session's bindings: 0, or -1 after reporting. */
int interp_session_eval(interp_session *s, const ast_expr *e, value *out);
/* The `let` bindings (the REPL binds `_` too). */
struct scope *interp_session_scope(interp_session *s);

/* The dependency graph of MODEL's skills (-1: every skill), written to PATH
 * (format by extension) or, if PATH is NULL, as DOT text to OUT. */
int interp_graph(const ir_program *ir, int model, const char *path, FILE *out,
                 const cancel_token *cancel, diag *d);

#endif
