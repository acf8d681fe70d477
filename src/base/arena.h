/* arena.h - bump allocation for the AST and the IR: everything a program's
 * front end builds is freed at once when its arena is. */
#ifndef SKILL_ARENA_H
#define SKILL_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
/* Zeroed, aligned for any type; aborts on out-of-memory. */
void *arena_alloc(arena *a, size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
