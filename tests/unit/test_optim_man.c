/* The optimizer table (src/models/optim.c) against skill(5)'s OPTIMIZERS
 * section, both ways: every optimizer is an entry there and every entry an
 * optimizer; an entry lists exactly its optimizer's keys, each with the
 * default in parentheses; the builtin lookup and completion list know it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "optim.h"
#include "testkit.h"

enum { MAX_ENTRIES = 32, MAX_WORDS = 32 };

typedef struct entry {
    char name[32];
    int nkeys;
    char keys[MAX_WORDS][48];
    char defaults[MAX_WORDS][32];   /* "" where no "(...)" follows */
} entry;

/* ".B word" or ".BR word ," -> word (a quoted argument is an example, not a key). */
static int bold_word(const char *line, char *out, size_t size)
{
    const char *p = strncmp(line, ".BR ", 4) == 0 ? line + 4 : strncmp(line, ".B ", 3) == 0 ? line + 3 : NULL;
    if (!p || *p == '"')
        return 0;
    size_t n = strcspn(p, " \t\n:,;.");
    if (n == 0 || n >= size)
        return 0;
    memcpy(out, p, n);
    out[n] = 0;
    return 1;
}

/* "(1e\-8)," -> "1e-8". */
static void paren_value(const char *line, char *out, size_t size)
{
    size_t k = 0;
    for (const char *p = line + 1; *p && *p != ')' && k + 1 < size; p++)
        if (*p != '\\')
            out[k++] = *p;
    out[k] = 0;
}

/* The entries of the OPTIMIZERS section: .TP, .B name, then key lines. */
static int read_entries(FILE *f, entry *es)
{
    char line[512];
    int in_section = 0, n = 0, after_tp = 0;
    entry *cur = NULL;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, ".SH ", 4) == 0) {
            if (in_section)
                break;
            in_section = strcmp(line, ".SH OPTIMIZERS\n") == 0;
            continue;
        }
        if (!in_section)
            continue;
        if (strncmp(line, ".PP", 3) == 0 && cur)
            break;              /* the entries end where the ranges begin */
        if (strncmp(line, ".TP", 3) == 0) {
            after_tp = 1;
            continue;
        }
        char word[48];
        if (after_tp && n < MAX_ENTRIES && bold_word(line, word, sizeof cur->name)) {
            cur = &es[n++];
            memset(cur, 0, sizeof *cur);
            strcpy(cur->name, word);
        } else if (cur && cur->nkeys < MAX_WORDS && bold_word(line, word, sizeof word)) {
            strcpy(cur->keys[cur->nkeys++], word);
        } else if (cur && cur->nkeys > 0 && line[0] == '(') {
            paren_value(line, cur->defaults[cur->nkeys - 1], sizeof cur->defaults[0]);
        }
        after_tp = 0;
    }
    return n;
}

static const entry *entry_named(const entry *es, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(es[i].name, name) == 0)
            return &es[i];
    return NULL;
}

static int listed(const char *const *names, const char *name)
{
    for (; *names; names++)
        if (strcmp(*names, name) == 0)
            return 1;
    return 0;
}

static void check_entry(const optim_info *o, const entry *e)
{
    int nkeys = 0;
    for (const optim_key *k = o->keys; k->name; k++, nkeys++) {
        int found = -1;
        for (int i = 0; i < e->nkeys; i++)
            if (strcmp(e->keys[i], k->name) == 0)
                found = i;
        CHECK(found >= 0, "skill(5) does not list %s's key '%s'", o->name, k->name);
        if (found < 0 || k->field == OPTIM_NO_FIELD)
            continue;
        CHECK(e->defaults[found][0] && strtod(e->defaults[found], NULL) == k->fallback,
              "skill(5) gives %s's '%s' the default '%s', the table %g", o->name, k->name,
              e->defaults[found], k->fallback);
        CHECK(k->doc && k->doc[0], "%s's '%s' has no documentation line", o->name, k->name);
    }
    for (int i = 0; i < e->nkeys; i++)
        CHECK(optim_key_find(o, e->keys[i]), "skill(5) lists '%s' under %s, which has no such key",
              e->keys[i], o->name);
    CHECK(e->nkeys == nkeys, "skill(5) lists %d keys for %s, the table %d", e->nkeys, o->name, nkeys);
}

int main(void)
{
    FILE *f = fopen(SKILL_SRCDIR "/man/skill.5", "r");
    CHECK(f != NULL, "cannot open man/skill.5");
    if (!f)
        return 1;
    entry es[MAX_ENTRIES];
    int n = read_entries(f, es);
    fclose(f);

    int count = 0;
    for (const optim_info *o; (o = optim_at(count)); count++) {
        const entry *e = entry_named(es, n, o->name);
        CHECK(e != NULL, "skill(5)'s OPTIMIZERS has no entry for %s", o->name);
        if (e)
            check_entry(o, e);
        CHECK(o->keys[0].name && strcmp(o->keys[0].name, "lr") == 0, "%s's first key is not lr", o->name);
        CHECK(optim_of_kind(o->kind) == o && optim_find(o->name) == o, "%s is not found by kind and name",
              o->name);
        const builtin *b = builtin_find(o->name);
        CHECK(b && b->kind == BI_OPTIMIZER && b->id == (int)o->kind, "builtin_find(\"%s\") is not it", o->name);
        CHECK(listed(builtin_names(), o->name), "%s is not among the names completion offers", o->name);
        optim_config c = optim_defaults(o->kind);
        for (const optim_key *k = o->keys + 1; k->name; k++)
            CHECK(*(double *)((char *)&c + k->field) == k->fallback, "%s's default %s is not set", o->name,
                  k->name);
    }
    for (int i = 0; i < n; i++)
        CHECK(optim_find(es[i].name), "skill(5)'s OPTIMIZERS has an entry '%s' that is no optimizer",
              es[i].name);
    CHECK(n == count, "skill(5) has %d optimizer entries, the table %d", n, count);
    CHECK(count >= 6, "only %d optimizers read", count);
    return failures != 0;
}
