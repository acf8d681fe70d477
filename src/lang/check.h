/* check.h - from a file's AST to the checked IR: loads the prelude and
 * imports, declares every name, evaluates parameters (with -D overrides),
 * expands skill families, compiles frequencies, gates and dependency
 * factors, resolves and validates model settings, and checks the names in
 * every statement.  Reports every error it finds. */
#ifndef SKILL_CHECK_H
#define SKILL_CHECK_H

#include "diag.h"
#include "ir.h"

typedef struct check_options {
    const char *const *defines;     /* "name=value" from -D */
    int ndefines;
    /* The REPL's input: sources whose declarations (and imports) are added
     * after the file's, as if appended to it; their other statements are
     * left out.  Borrowed: they must outlive the program. */
    const source *const *more;
    int nmore;
    /* Imports resolve in the standard library only: no absolute paths, no
     * "..", no SKILL_PATH, nothing beside the file (the fuzzers). */
    int stdlib_only;
} check_options;

/* Returns the program, or NULL with *status set to EXIT_UNREADABLE (the
 * file), EXIT_USAGE (a bad -D) or EXIT_INVALID (errors in the input). */
ir_program *check_file(const char *path, const check_options *opt, diag *d, int *status);
/* The same for text already in memory (the REPL). */
ir_program *check_source(source *src, const check_options *opt, diag *d, int *status);
void ir_program_free(ir_program *ir);

/* Does S declare something (param, skill, model, optimizer, def, import)? */
int check_is_declaration(const ast_stmt *s);
/* The REPL: checks the statements of CHUNK that are not declarations
 * against IR, with the names LOCALS (the session's `let`s) visible, and
 * registers the optimizers they write in IR.  CHUNK is borrowed; its
 * syntax tree lives in IR's arena.  Returns the statements in order (*N of
 * them, in IR's arena), or NULL after reporting errors. */
const ast_stmt **check_actions(ir_program *ir, const source *chunk, const char *const *locals,
                               int nlocals, diag *d, int *n);

#endif
