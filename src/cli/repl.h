/* repl.h - `skill repl [FILE]`: the interactive session.  On a terminal it
 * reads with line editing, history and completion; otherwise it reads its
 * input as a script, line by line, printing no prompts. */
#ifndef SKILL_REPL_H
#define SKILL_REPL_H

#include "skill.h"

/* FILE (may be NULL) is loaded first, with OPT's defines.  Returns
 * SKILL_OK, or SKILL_ERUNTIME when any input had errors. */
int repl_main(const char *file, const skill_options *opt);

/* Does TEXT (the lines typed so far) need more lines: an open bracket,
 * or a last line ending in ',' or an operator? */
int repl_needs_more(const char *text);

#endif
