/* parse.h - source text to AST.  Syntax errors are reported through diag
 * and recovered from, so the returned tree covers every well-formed
 * statement; the caller checks d->nerrors. */
#ifndef SKILL_PARSE_H
#define SKILL_PARSE_H

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "source.h"

ast_program *parse_program(const source *src, arena *a, diag *d);
/* Parses bytes [off, end) of SRC as one expression (a `-D` value, a REPL
 * line).  Returns NULL after reporting an error. */
ast_expr *parse_expression(const source *src, size_t off, size_t end, arena *a, diag *d);

#endif
