/* The model settings table (src/lang/modelkeys.c) against skill(5)'s
 * MODELS section, both ways and per model kind: every row is an entry
 * under each kind that accepts it and every entry a row, in the table's
 * order; each entry names its key's words, default and range the way the
 * resolver's messages do; the keys `with` refuses are those the run
 * section names; the checker's key lists are the table's. */
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "modelkeys.h"
#include "settings.h"
#include "testkit.h"

enum { NKINDS = MODEL_NKINDS, MAX_ENTRIES = 32, TEXT_SIZE = 2048 };

typedef struct entry {
    char key[32];
    char text[TEXT_SIZE];       /* its lines, font requests dropped, \- as - */
    char lines[TEXT_SIZE];      /* its lines as written, for .B words */
} entry;

typedef struct kind_doc {
    int n;
    entry e[MAX_ENTRIES];
} kind_doc;

static int kind_of_heading(const char *line)
{
    static const char *const headings[NKINDS] = {
        ".SS The resource model\n", ".SS The domino model\n", ".SS The geometry model\n",
        ".SS The network model\n", ".SS The quanta model\n"};
    for (int k = 0; k < NKINDS; k++)
        if (strcmp(line, headings[k]) == 0)
            return k;
    return -1;
}

/* Appends LINE to E's text without its request (".B ") and escapes. */
static void add_text(entry *e, const char *line)
{
    const char *p = line[0] == '.' ? line + strcspn(line, " \n") : line;
    size_t k = strlen(e->text);
    for (; *p && k + 2 < TEXT_SIZE; p++) {
        if (*p == '\\' && p[1] == '-')
            continue;
        if (*p == '"' || *p == '\n')
            continue;
        e->text[k++] = *p;
    }
    e->text[k++] = ' ';
    e->text[k] = 0;
    strncat(e->lines, line, TEXT_SIZE - strlen(e->lines) - 1);
}

/* ".B eta" -> eta; ".BR dim \", \" lr" -> dim and lr. */
static void add_headings(kind_doc *doc, const char *line)
{
    char words[128];
    snprintf(words, sizeof words, "%s", line + strcspn(line, " "));
    for (char *w = strtok(words, " \",\n"); w && doc->n < MAX_ENTRIES; w = strtok(NULL, " \",\n")) {
        entry *e = &doc->e[doc->n++];
        memset(e, 0, sizeof *e);
        snprintf(e->key, sizeof e->key, "%s", w);
    }
}

/* Each kind's entries: the .TP items after "The keys:" in its subsection. */
static void read_models(FILE *f, kind_doc *docs)
{
    char line[512];
    int kind = -1, in_keys = 0, heading = 0, first = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, ".SH ", 4) == 0 && kind >= 0)
            break;
        if (strncmp(line, ".SS ", 4) == 0) {
            kind = kind_of_heading(line);
            in_keys = heading = 0;
            continue;
        }
        if (kind < 0)
            continue;
        kind_doc *doc = &docs[kind];
        if (strcmp(line, "The keys:\n") == 0) {
            in_keys = 1;
        } else if (in_keys && strncmp(line, ".TP", 3) == 0) {
            heading = 1;
        } else if (in_keys && strncmp(line, ".PP", 3) == 0) {
            in_keys = 0;
        } else if (heading) {
            first = doc->n;
            add_headings(doc, line);
            heading = 0;
        } else if (in_keys) {
            for (int i = first; i < doc->n; i++)    /* "dim, lr" share their text */
                add_text(&doc->e[i], line);
        }
    }
}

static const entry *entry_for(const kind_doc *doc, const char *key)
{
    for (int i = 0; i < doc->n; i++)
        if (strcmp(doc->e[i].key, key) == 0)
            return &doc->e[i];
    return NULL;
}

static int contains_nocase(const char *text, const char *what)
{
    size_t n = strlen(what);
    for (; *text; text++)
        if (strncasecmp(text, what, n) == 0)
            return 1;
    return 0;
}

/* ".B word" or ".BR word ," starts a line of E, and if DEFAULT, the next
 * line says it is the default. */
static int bold_word(const entry *e, const char *word, int is_default)
{
    char b[64], br[64];
    snprintf(b, sizeof b, ".B %s\n", word);
    snprintf(br, sizeof br, ".BR %s ", word);
    for (const char *p = e->lines; *p; p = strchr(p, '\n') + 1) {
        if (strncmp(p, b, strlen(b)) != 0 && strncmp(p, br, strlen(br)) != 0)
            continue;
        const char *next = strchr(p, '\n') + 1;
        return !is_default || strncmp(next, "(the default", 12) == 0 || strncmp(next, "(default", 8) == 0;
    }
    return 0;
}

/* An entry that refers to another kind's ("As for the resource model"). */
static int refers(const entry *e)
{
    return strncmp(e->text, "As for", 6) == 0;
}

static void check_words(const model_key *k, const entry *e, ast_model_kind kind)
{
    for (int w = 0; k->words[w]; w++)
        CHECK(bold_word(e, k->words[w], 0), "skill(5)'s %s entry '%s' does not name the word '%s'",
              ir_model_kind_name(kind), k->name, k->words[w]);
    int fallback = (int)model_key_default(k, kind);
    if (k->type == MKEY_WORD)
        CHECK(bold_word(e, k->words[fallback], 1), "skill(5)'s %s entry '%s' does not say '%s' "
              "is the default", ir_model_kind_name(kind), k->name, k->words[fallback]);
}

static void check_default_number(const model_key *k, const entry *e, ast_model_kind kind)
{
    char said[64], before[64];
    snprintf(said, sizeof said, "default %g", k->fallback);
    snprintf(before, sizeof before, "%g (the default", k->fallback);
    CHECK(contains_nocase(e->text, said) || contains_nocase(e->text, before),
          "skill(5)'s %s entry '%s' does not give the default %g", ir_model_kind_name(kind), k->name,
          k->fallback);
}

/* What the table says of K, as the entry of KIND says it. */
static void check_entry(const model_key *k, const entry *e, ast_model_kind kind)
{
    if (refers(e))
        return;
    if (k->words)
        check_words(k, e, kind);
    if (k->type == MKEY_BOOL)
        CHECK(bold_word(e, k->fallback ? "true" : "false", 1), "skill(5)'s %s entry '%s' does not give "
              "its default", ir_model_kind_name(kind), k->name);
    if (k->type == MKEY_NUMBER && k->given == MKEY_NO_FIELD)
        check_default_number(k, e, kind);
}

/* A number's range, in the words of its message, is in one of its entries. */
static void check_range(const model_key *k, const kind_doc *docs)
{
    const char *need = model_key_invalid(k, -0.5);
    if (!need)
        need = model_key_invalid(k, 0);
    CHECK(need != NULL, "'%s' accepts both -0.5 and 0", k->name);
    int said = 0;
    for (int kind = 0; kind < NKINDS && need; kind++) {
        const entry *e = entry_for(&docs[kind], k->name);
        said |= e && contains_nocase(e->text, need);
    }
    CHECK(said, "no skill(5) entry of '%s' says it is %s", k->name, need ? need : "?");
}

static void check_kind(const kind_doc *doc, ast_model_kind kind)
{
    const char *const *names = model_key_names(kind);
    int n = 0;
    for (; names[n]; n++) {
        const model_key *k = model_key_find(kind, names[n]);
        const entry *e = entry_for(doc, names[n]);
        CHECK(e != NULL, "skill(5) lists no key '%s' for the %s model", names[n], ir_model_kind_name(kind));
        const char *documented = n < doc->n ? doc->e[n].key : "";
        CHECK(strcmp(documented, names[n]) == 0, "the %s model's key %d is '%s' in the table, '%s' in "
              "skill(5)", ir_model_kind_name(kind), n + 1, names[n], documented);
        if (k && e)
            check_entry(k, e, kind);
    }
    for (int i = 0; i < doc->n; i++)
        CHECK(model_key_find(kind, doc->e[i].key), "skill(5) lists '%s' for the %s model, which has no "
              "such key", doc->e[i].key, ir_model_kind_name(kind));
    CHECK(n == doc->n, "skill(5) lists %d keys for the %s model, the table %d", doc->n,
          ir_model_kind_name(kind), n);
    CHECK(settings_keys(kind) == names, "settings_keys(%s) is not the table's list",
          ir_model_kind_name(kind));
}

static void check_rows(const kind_doc *docs)
{
    int count = 0;
    for (const model_key *k; (k = model_key_at(count)); count++) {
        CHECK(k->doc && k->doc[0], "'%s' has no documentation line", k->name);
        CHECK(k->kinds != 0 && (k->kinds & ~MKEY_ALL_KINDS) == 0, "'%s' has no model kinds", k->name);
        CHECK(model_key_named(k->name) == k, "'%s' is in the table twice", k->name);
        CHECK(k->field >= 0 && (size_t)k->field < sizeof(ir_settings), "'%s' has no field", k->name);
        if (k->type == MKEY_NUMBER)
            check_range(k, docs);
        for (int kind = 0; kind < NKINDS; kind++)
            CHECK(settings_key_known(kind, k->name) == !!(k->kinds & MKEY_KIND(kind)),
                  "settings_key_known(%s, %s) disagrees with the table", ir_model_kind_name(kind), k->name);
    }
    CHECK(count >= 19, "only %d keys read", count);
}

/* skill(5)'s run section: ".B with gate = ..." for each key 'with' refuses. */
static void check_fixed(FILE *f)
{
    char line[512], key[32];
    int in_run = 0, refused = 0;
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, ".S", 2) == 0)
            in_run = strcmp(line, ".SS run\n") == 0;
        if (!in_run || sscanf(line, ".B with %31s = ...", key) != 1)
            continue;
        const model_key *k = model_key_named(key);
        CHECK(k && (k->flags & MKEY_FIXED), "skill(5) says 'with' refuses '%s'; the table does not", key);
        refused++;
    }
    int fixed = 0;
    for (int i = 0; model_key_at(i); i++)
        fixed += (model_key_at(i)->flags & MKEY_FIXED) != 0;
    CHECK(refused == fixed, "skill(5) says 'with' refuses %d keys, the table %d", refused, fixed);
}

int main(void)
{
    FILE *f = fopen(SKILL_SRCDIR "/man/skill.5", "r");
    CHECK(f != NULL, "cannot open man/skill.5");
    if (!f)
        return 1;
    static kind_doc docs[NKINDS];
    read_models(f, docs);
    check_fixed(f);
    fclose(f);
    for (int kind = 0; kind < NKINDS; kind++)
        check_kind(&docs[kind], (ast_model_kind)kind);
    check_rows(docs);
    CHECK(model_key_named("gate")->flags & MKEY_FIXED, "'with' may change gate");
    return failures != 0;
}
