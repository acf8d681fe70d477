#include "symtab.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;       /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void symtab_init(symtab *t)
{
    t->cap = 64;
    t->n = 0;
    t->slots = calloc((size_t)t->cap, sizeof *t->slots);
    if (!t->slots)
        abort();
}

void symtab_free(symtab *t)
{
    free(t->slots);
    t->slots = NULL;
}

static symbol *find_slot(const symtab *t, const char *name)
{
    size_t mask = (size_t)t->cap - 1;
    for (size_t i = hash(name) & mask;; i = (i + 1) & mask)
        if (!t->slots[i].name || strcmp(t->slots[i].name, name) == 0)
            return &t->slots[i];
}

const symbol *symtab_get(const symtab *t, const char *name)
{
    const symbol *s = find_slot(t, name);
    return s->name ? s : NULL;
}

static void grow(symtab *t)
{
    symtab bigger = {calloc((size_t)t->cap * 2, sizeof(symbol)), t->cap * 2, t->n};
    if (!bigger.slots)
        abort();
    for (int i = 0; i < t->cap; i++)
        if (t->slots[i].name)
            *find_slot(&bigger, t->slots[i].name) = t->slots[i];
    free(t->slots);
    *t = bigger;
}

const symbol *symtab_add(symtab *t, const char *name, sym_kind kind, int index, loc at)
{
    if (2 * (t->n + 1) > t->cap)
        grow(t);
    symbol *s = find_slot(t, name);
    if (s->name)
        return s;
    s->name = name;
    s->kind = kind;
    s->index = index;
    s->at = at;
    t->n++;
    return s;
}

const char *sym_kind_name(sym_kind k)
{
    static const char *const names[] = {
        [SYM_NONE] = "nothing", [SYM_PARAM] = "a parameter", [SYM_SKILL] = "a skill",
        [SYM_FAMILY] = "a skill family", [SYM_MODEL] = "a model", [SYM_OPT] = "an optimizer",
        [SYM_DEF] = "a function",
    };
    return names[k];
}
