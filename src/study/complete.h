/* complete.h - what the REPL offers for the word before the cursor:
 * its commands after ':', file names after :load, :graph and :plot and
 * inside strings, a model kind's keys where one goes (`resource R { `,
 * `run R with `), otherwise the language's keywords, the program's names
 * (skills, families, parameters, models, optimizers, defs), the session's
 * `let` names and the built-in functions. */
#ifndef SKILL_COMPLETE_H
#define SKILL_COMPLETE_H

#include "eval.h"
#include "ir.h"

/* Characters that end a word for completion. */
extern const char complete_breaks[];

/* The start of the word that ends at END in LINE. */
int complete_word_start(const char *line, int end);

/* The candidates for LINE[START, END): sorted, without duplicates, each a
 * whole replacement for the word (a folder's name ends in '/').  IR and
 * LETS may be NULL.  Returns a malloc'd array of *N malloc'd strings. */
char **complete_candidates(const ir_program *ir, scope *lets, const char *line, int start, int end,
                           int *n);
void complete_free(char **cands, int n);

/* The REPL's commands, for completion and suggestions; NULL-terminated. */
extern const char *const complete_commands[];

#endif
