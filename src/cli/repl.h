/* repl.h - `skill repl [FILE]`: the interactive session.  On a terminal it
 * reads with line editing, history and completion; otherwise it reads its
 * input as a script, line by line, printing no prompts. */
#ifndef SKILL_REPL_H
#define SKILL_REPL_H

#include "diag.h"
#include "interp.h"

typedef struct repl_options {
    const char *file;                   /* loaded first; may be NULL */
    const char *const *defines;         /* -D for that file */
    int ndefines;
    interp_options run;
} repl_options;

/* Returns EXIT_OK, or EXIT_RUNTIME when any input had errors. */
int repl_main(const repl_options *opt, diag *d);

/* Does TEXT (the lines typed so far) need more lines: an open bracket,
 * or a last line ending in ',' or an operator? */
int repl_needs_more(const char *text);

#endif
