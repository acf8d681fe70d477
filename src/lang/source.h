/* source.h - a source text held in memory with its line index, and the
 * locations (byte spans) that every token, AST node and diagnostic carries. */
#ifndef SKILL_SOURCE_H
#define SKILL_SOURCE_H

#include <stddef.h>

typedef struct source {
    char *name;                 /* as given on the command line, or "<repl>" */
    char *text;                 /* NUL-terminated; len bytes before the NUL */
    size_t len;
    size_t *line_start;         /* byte offset of each line's first byte */
    int nlines;
} source;

/* A half-open byte span [off, end) of a source. */
typedef struct loc {
    const source *src;
    size_t off, end;
} loc;

/* Reads a file whole.  Returns NULL and sets errno-style text in ERR on
 * failure (the caller reports it with exit status 66). */
source *source_read(const char *path, char *err, size_t errlen);
/* Wraps a string (copied). */
source *source_from_string(const char *name, const char *text, size_t len);
void source_free(source *s);

/* 1-based line of byte offset OFF, and its 1-based column counted in
 * characters (UTF-8 code points), as diagnostics print them. */
int source_line(const source *s, size_t off);
int source_column(const source *s, size_t off);
/* The text of line LINE (1-based) without its newline. */
const char *source_line_text(const source *s, int line, size_t *len);

loc loc_span(loc a, loc b);     /* from a's start to b's end */

#endif
