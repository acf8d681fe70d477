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

/* DEFINES ("name=value", from -D) apply to the first file loaded. */
session *session_new(const interp_options *run, const char *const *defines, int ndefines, diag *d);
void session_free(session *s);

/* :load PATH (the session starts over from it; on errors nothing changes)
 * and :reload (the same file read again, and the latest run run again).
 * Return 0, or -1 after reporting. */
int session_load(session *s, const char *path);
int session_reload(session *s);
/* Runs the loaded file's own statements. */
int session_run_file(session *s);
/* One input: one or more statements, possibly over several lines. */
int session_input(session *s, const char *text);

const ir_program *session_program(const session *s);
scope *session_lets(session *s);
/* Has parameter K a value set in this session (or by -D)? */
int session_param_set(const session *s, const char *name);

#endif
