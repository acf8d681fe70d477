/* symtab.h - the program's global names (parameters, skills, families,
 * models, optimizers, defs) in one hash table: names share one namespace,
 * and programs with 100 000 skills must not look names up linearly. */
#ifndef SKILL_SYMTAB_H
#define SKILL_SYMTAB_H

#include "source.h"

typedef enum { SYM_NONE, SYM_PARAM, SYM_SKILL, SYM_FAMILY, SYM_MODEL, SYM_OPT, SYM_DEF } sym_kind;

typedef struct symbol {
    const char *name;           /* not owned */
    sym_kind kind;
    int index;
    loc at;
} symbol;

typedef struct symtab {
    symbol *slots;
    int cap, n;
} symtab;

void symtab_init(symtab *t);
void symtab_free(symtab *t);
/* NULL if absent. */
const symbol *symtab_get(const symtab *t, const char *name);
/* Adds NAME; if it exists already, returns the existing symbol instead. */
const symbol *symtab_add(symtab *t, const char *name, sym_kind kind, int index, loc at);
const char *sym_kind_name(sym_kind k);      /* "a skill", ... */

#endif
