/* session.h - the REPL's state and what an input does to it.
 *
 * A session holds a program: the loaded file (if any), the declarations
 * typed since, and the parameter values set since (as -D would set them).
 * Typing a declaration checks the program again with it added; typing a
 * parameter assignment checks it again with the new value and runs the
 * latest run again; other statements are checked against the program and
 * executed, with their `let` values kept.  An input with errors changes
 * nothing.  Every program the session had stays alive until the next
 * :load, since values may refer to it. */
#ifndef SKILL_SESSION_H
#define SKILL_SESSION_H

#include "diag.h"
#include "eval.h"
#include "interp.h"
#include "ir.h"

typedef struct session session;

/* DEFINES ("name=value", from -D) apply to the first file loaded.
 * INTERACTIVE: the REPL's presentation (a summary after a load, a chart
 * and key numbers after a run, the values of expressions shown), written
 * to RUN->out or stdout. */
session *session_new(const interp_options *run, const char *const *defines, int ndefines,
                     int interactive, diag *d);
void session_free(session *s);

/* :load PATH (the session starts over from it; on errors nothing changes)
 * and :reload (the same file read again, and the latest run run again).
 * Return 0, or -1 after reporting. */
int session_load(session *s, const char *path);
int session_reload(session *s);
/* Starts over from IR, a program checked from a file with the session's
 * DEFINES (the session takes it). */
void session_adopt(session *s, ir_program *ir);
/* Runs the loaded file's own statements (:run); every statement of the
 * program, its imports' included (a script run). */
int session_run_file(session *s);
int session_run_program(session *s);
/* TEXT, one expression, evaluated with the session's `let`s. */
int session_eval(session *s, const char *text, value *out);
/* One input: one or more statements, possibly over several lines. */
int session_input(session *s, const char *text);
/* Did the latest input get past checking to running? */
int session_ran(const session *s);

const ir_program *session_program(const session *s);
scope *session_lets(session *s);
/* Has parameter K a value set in this session (or by -D)? */
int session_param_set(const session *s, const char *name);

#endif
