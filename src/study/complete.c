#include "complete.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "builtins.h"
#include "keywords.h"
#include "modelkeys.h"

const char complete_breaks[] = " \t\n\"'(),[]{}=+*^<>;%!";

const char *const complete_commands[] = {
    ":help", ":load", ":reload", ":run", ":params", ":skills", ":ir", ":graph", ":plot",
    ":complete", ":quit", NULL};

static const char *const keywords[] = {
#define KW(text, token, starts) text,
    SKILL_KEYWORDS(KW)
#undef KW
    NULL};

typedef struct list {
    char **items;
    int n, cap;
    const char *prefix;
    size_t plen;
} list;

static void add(list *l, const char *word, const char *suffix)
{
    if (strncmp(word, l->prefix, l->plen) != 0)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        l->items = realloc(l->items, (size_t)l->cap * sizeof *l->items);
        if (!l->items)
            abort();
    }
    size_t a = strlen(word), b = strlen(suffix);
    char *s = malloc(a + b + 1);
    if (!s)
        abort();
    memcpy(s, word, a);
    memcpy(s + a, suffix, b + 1);
    l->items[l->n++] = s;
}

int complete_word_start(const char *line, int end)
{
    int start = end;
    while (start > 0 && !strchr(complete_breaks, line[start - 1]))
        start--;
    return start;
}

/* Files and folders whose path begins with the word ("dir/na"). */
static void add_files(list *l, const char *word)
{
    const char *slash = strrchr(word, '/');
    size_t dlen = slash ? (size_t)(slash - word) + 1 : 0;
    char *dir = strndup(word, dlen);
    const char *base = word + dlen;
    DIR *dp = opendir(dlen ? dir : ".");
    struct dirent *de;
    while (dp && (de = readdir(dp))) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || (name[0] == '.' && base[0] != '.'))
            continue;
        if (strncmp(name, base, strlen(base)) != 0)
            continue;
        size_t n = dlen + strlen(name) + 1;
        char *path = malloc(n);
        if (!path)
            abort();
        snprintf(path, n, "%s%s", dir, name);
        struct stat st;
        add(l, path, stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? "/" : "");
        free(path);
    }
    if (dp)
        closedir(dp);
    free(dir);
}

static void add_names(list *l, const ir_program *ir, scope *lets)
{
    for (int i = 0; keywords[i]; i++)
        add(l, keywords[i], "");
    for (const char *const *b = builtin_names(); *b; b++)
        add(l, *b, "");
    for (int i = 0; ir && i < ir->names.cap; i++)
        if (ir->names.slots[i].name)
            add(l, ir->names.slots[i].name, "");
    for (scope *s = lets; s; s = s->up)
        for (int i = 0; i < s->n; i++)
            add(l, s->vars[i].name, "");
}

enum { MAX_WORDS = 64 };

typedef struct word_span {
    int at, len;
} word_span;

static int is_name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* The names in LINE before END, in order (the first MAX_WORDS). */
static int words_before(const char *line, int end, word_span *w)
{
    int n = 0;
    for (int i = 0; i < end && n < MAX_WORDS;) {
        if (!is_name_char(line[i])) {
            i++;
            continue;
        }
        int at = i;
        while (i < end && is_name_char(line[i]))
            i++;
        w[n++] = (word_span){at, i - at};
    }
    return n;
}

static int word_is(const char *line, word_span w, const char *text)
{
    return (int)strlen(text) == w.len && strncmp(line + w.at, text, (size_t)w.len) == 0;
}

static char last_mark(const char *line, int start)
{
    while (start > 0 && (line[start - 1] == ' ' || line[start - 1] == '\t'))
        start--;
    return start > 0 ? line[start - 1] : 0;
}

/* `resource R { eta = 1; ` : the kind declared, when START is where a key goes. */
static int declared_kind(const char *line, int start)
{
    word_span w[MAX_WORDS];
    int n = words_before(line, start, w);
    char mark = last_mark(line, start);
    const char *brace = memchr(line, '{', (size_t)start);
    if (n < 2 || (mark != '{' && mark != ';') || !brace || memchr(brace, '}', (size_t)(line + start - brace)))
        return -1;
    for (int k = 0; k < MODEL_NKINDS; k++)
        if (word_is(line, w[0], ir_model_kind_name((ast_model_kind)k)))
            return k;
    return -1;
}

/* `run M with a = 1, ` : M's kind, when START is where a key (or a
 * parameter) goes. */
static int run_kind(const ir_program *ir, const char *line, int start)
{
    word_span w[MAX_WORDS];
    int n = words_before(line, start, w);
    char mark = last_mark(line, start);
    for (int i = n - 1; i >= 2 && ir; i--) {
        if (!word_is(line, w[i], "with") || !word_is(line, w[i - 2], "run"))
            continue;
        if (mark != ',' && i != n - 1)
            return -1;
        char *name = strndup(line + w[i - 1].at, (size_t)w[i - 1].len);
        int m = name ? ir_find_model(ir, name) : -1;
        free(name);
        return m >= 0 ? (int)ir->models[m].kind : -1;
    }
    return -1;
}

static void add_keys(list *l, ast_model_kind kind)
{
    for (const char *const *k = model_key_names(kind); *k; k++)
        add(l, *k, "");
}

/* Inside a string when an odd number of unescaped quotes come before. */
static int in_string(const char *line, int start)
{
    int inside = 0;
    for (int i = 0; i < start; i++) {
        if (line[i] == '\\' && inside && i + 1 < start)
            i++;
        else if (line[i] == '"')
            inside = !inside;
        else if (line[i] == '#' && !inside)
            return 0;
    }
    return inside;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **complete_candidates(const ir_program *ir, scope *lets, const char *line, int start, int end,
                           int *n)
{
    char *word = strndup(line + start, (size_t)(end - start));
    list l = {NULL, 0, 0, word, strlen(word)};
    int lead = 0, kind;
    while (line[lead] == ' ' || line[lead] == '\t')
        lead++;
    if (line[lead] == ':' && start == lead) {
        for (int i = 0; complete_commands[i]; i++)
            add(&l, complete_commands[i], "");
    } else if (line[lead] == ':') {
        static const char *const file_cmds[] = {":load ", ":graph ", ":plot ", NULL};
        for (int i = 0; file_cmds[i]; i++)
            if (strncmp(line + lead, file_cmds[i], strlen(file_cmds[i])) == 0)
                add_files(&l, word);
    } else if (in_string(line, start)) {
        add_files(&l, word);
    } else if ((kind = declared_kind(line, start)) >= 0) {
        add_keys(&l, (ast_model_kind)kind);
    } else {
        if ((kind = run_kind(ir, line, start)) >= 0)
            add_keys(&l, (ast_model_kind)kind);
        add_names(&l, ir, lets);
    }
    if (l.n > 1)
        qsort(l.items, (size_t)l.n, sizeof *l.items, cmp_str);
    int m = 0;
    for (int i = 0; i < l.n; i++) {
        if (m > 0 && strcmp(l.items[m - 1], l.items[i]) == 0)
            free(l.items[i]);
        else
            l.items[m++] = l.items[i];
    }
    free(word);
    *n = m;
    return l.items;
}

void complete_free(char **cands, int n)
{
    for (int i = 0; i < n; i++)
        free(cands[i]);
    free(cands);
}
