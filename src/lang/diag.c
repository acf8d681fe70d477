#include "diag.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A line longer than this is shown as a window around the span. */
enum { EXCERPT_WIDTH = 120 };

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"

void diag_init(diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    const char *nc = getenv("NO_COLOR");
    d->colour = isatty(fileno(out)) && !(nc && *nc);
}

void diag_init_sink(diag *d, diag_sink sink)
{
    memset(d, 0, sizeof *d);
    d->sink = sink;
}

static const char *col(const diag *d, const char *code)
{
    return d->colour ? code : "";
}

/* The record of a message at AT (or nowhere) for the sink. */
static void put_record(diag *d, diag_severity sev, const loc *at, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *message = malloc(len > 0 ? (size_t)len + 1 : 1);
    if (!message)
        abort();
    vsnprintf(message, (size_t)len + 1, fmt, again);
    va_end(again);
    diag_record r = {sev, NULL, 0, 0, 0, message, NULL};
    char *text = NULL;
    if (at && at->src) {
        r.file = at->src->name;
        r.line = source_line(at->src, at->off);
        r.column = source_column(at->src, at->off);
        r.end_column = r.column + 1;
        if (at->end > at->off && source_line(at->src, at->end - 1) == r.line)
            r.end_column = source_column(at->src, at->end - 1) + 1;
        size_t len;
        const char *line = source_line_text(at->src, r.line, &len);
        text = strndup(line, len);
        if (!text)
            abort();
        r.source_line = text;
    }
    d->sink.put(&r, d->sink.user);
    free(text);
    free(message);
}

static void put_header(diag *d, const loc *at, const char *kind, const char *kcolour,
                       const char *fmt, va_list ap)
{
    if (at && at->src)
        fprintf(d->out, "%s%s:%d:%d: ", col(d, C_BOLD), at->src->name,
                source_line(at->src, at->off), source_column(at->src, at->off));
    else
        fprintf(d->out, "%s", col(d, C_BOLD));
    fprintf(d->out, "%s%s:%s%s ", col(d, kcolour), kind, col(d, C_RESET), col(d, C_BOLD));
    vfprintf(d->out, fmt, ap);
    fprintf(d->out, "%s\n", col(d, C_RESET));
}

/* Byte length of the UTF-8 sequence starting with C (1 for stray bytes). */
static int utf8_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Prints the source line with a caret line under [off, end), clipped to the
 * line, windowed when the line is very long; tabs show as one space. */
static void put_excerpt(diag *d, loc at)
{
    const source *s = at.src;
    int line = source_line(s, at.off);
    size_t len;
    const char *text = source_line_text(s, line, &len);
    size_t b = at.off - s->line_start[line - 1];
    size_t e = at.end > at.off ? at.end - s->line_start[line - 1] : b + 1;
    if (b > len)
        b = len;
    if (e > len + 1)
        e = len + 1;
    size_t from = 0, to = len;
    if (len > EXCERPT_WIDTH) {
        from = b > EXCERPT_WIDTH / 2 ? b - EXCERPT_WIDTH / 2 : 0;
        to = from + EXCERPT_WIDTH < len ? from + EXCERPT_WIDTH : len;
        while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80)
            from--;
        while (to < len && ((unsigned char)text[to] & 0xC0) == 0x80)
            to++;
        if (e > to + 1)
            e = to + 1;
    }
    char gutter[16];
    int gw = snprintf(gutter, sizeof gutter, "%d", line);
    fprintf(d->out, " %s |%s ", gutter, from > 0 ? " ..." : "");
    for (size_t i = from; i < to; i++) {
        unsigned char ch = (unsigned char)text[i];
        fputc(ch == '\t' ? ' ' : ch < 0x20 || ch == 0x7F ? '?' : ch, d->out);   /* no raw control bytes */
    }
    fprintf(d->out, "%s\n %*s |%s ", to < len ? " ..." : "", gw, "", from > 0 ? "    " : "");
    for (size_t i = from; i < b; i += utf8_len((unsigned char)text[i]))
        fputc(' ', d->out);
    fprintf(d->out, "%s^", col(d, C_GREEN));
    size_t i = b < len ? b + utf8_len((unsigned char)text[b]) : b + 1;
    for (; i < e; i += i < len ? utf8_len((unsigned char)text[i]) : 1)
        fputc('~', d->out);
    fprintf(d->out, "%s\n", col(d, C_RESET));
}

static void report(diag *d, loc at, int excerpt, const char *fmt, va_list ap)
{
    d->nerrors++;
    d->last_shown = d->sink.put || d->shown < DIAG_MAX_SHOWN;
    if (!d->last_shown)
        return;
    d->shown++;
    if (d->sink.put) {
        put_record(d, DIAG_ERROR, &at, fmt, ap);
        return;
    }
    put_header(d, &at, "error", C_RED, fmt, ap);
    if (excerpt && at.src)
        put_excerpt(d, at);
}

void diag_error(diag *d, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, at, 1, fmt, ap);
    va_end(ap);
}

void diag_error_bare(diag *d, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, at, 0, fmt, ap);
    va_end(ap);
}

void diag_fail(diag *d, const char *fmt, ...)
{
    d->nerrors++;
    d->last_shown = 1;
    d->shown++;
    va_list ap;
    va_start(ap, fmt);
    if (d->sink.put) {
        put_record(d, DIAG_ERROR, NULL, fmt, ap);
    } else {
        fprintf(d->out, "%sskill: ", col(d, C_BOLD));
        put_header(d, NULL, "error", C_RED, fmt, ap);
    }
    va_end(ap);
}

void diag_note(diag *d, const loc *at, const char *fmt, ...)
{
    if (!d->last_shown)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (d->sink.put) {
        put_record(d, DIAG_NOTE, at, fmt, ap);
        va_end(ap);
        return;
    }
    put_header(d, at, "note", C_CYAN, fmt, ap);
    va_end(ap);
    if (at && at->src)
        put_excerpt(d, *at);
}

void diag_remark(diag *d, loc at, const char *fmt, ...)
{
    d->last_shown = 1;
    va_list ap;
    va_start(ap, fmt);
    if (d->sink.put) {
        put_record(d, DIAG_NOTE, &at, fmt, ap);
        va_end(ap);
        return;
    }
    put_header(d, &at, "note", C_CYAN, fmt, ap);
    va_end(ap);
    if (at.src)
        put_excerpt(d, at);
}

void diag_hint(diag *d, const char *fmt, ...)
{
    if (!d->last_shown)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (d->sink.put)
        put_record(d, DIAG_HINT, NULL, fmt, ap);
    else
        put_header(d, NULL, "hint", C_CYAN, fmt, ap);
    va_end(ap);
}

/* ---- held records ---- */

struct diag_log {
    diag_record *items;
    int n, cap;
};

static char *copy_or_null(const char *s)
{
    char *c = s ? strdup(s) : NULL;
    if (s && !c)
        abort();
    return c;
}

static void log_put(const diag_record *r, void *user)
{
    diag_log *log = user;
    if (log->n == log->cap) {
        log->cap = log->cap ? 2 * log->cap : 8;
        log->items = realloc(log->items, (size_t)log->cap * sizeof *log->items);
        if (!log->items)
            abort();
    }
    diag_record c = *r;
    c.file = copy_or_null(r->file);
    c.message = copy_or_null(r->message);
    c.source_line = copy_or_null(r->source_line);
    log->items[log->n++] = c;
}

diag_log *diag_log_new(void)
{
    diag_log *log = calloc(1, sizeof *log);
    if (!log)
        abort();
    return log;
}

diag_sink diag_log_sink(diag_log *log)
{
    return (diag_sink){log_put, log};
}

void diag_log_replay(diag *to, const diag_log *log)
{
    for (int i = 0; i < log->n; i++)
        to->sink.put(&log->items[i], to->sink.user);
}

void diag_log_free(diag_log *log)
{
    if (!log)
        return;
    for (int i = 0; i < log->n; i++) {
        free((char *)log->items[i].file);
        free((char *)log->items[i].message);
        free((char *)log->items[i].source_line);
    }
    free(log->items);
    free(log);
}

void diag_finish(diag *d)
{
    if (d->sink.put)
        return;                 /* records are not held back: shown == nerrors */
    if (d->nerrors > d->shown)
        fprintf(d->out, "skill: %d more errors not shown\n", d->nerrors - d->shown);
}

/* Optimal string alignment distance: insertions, deletions, substitutions
 * and transpositions of neighbours ("Alpah" is one from "Alpha"). */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 1 << 20;
    int d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* Per thread: handles on other threads do not disturb a count. */
static _Thread_local unsigned long edit_distances;

unsigned long diag_edit_distances(void)
{
    return edit_distances;
}

/* Characters a reader easily takes for each other: case, and the digits
 * that look like letters ("N0" read as "NO"). */
static int looks_alike(char a, char b)
{
    static const char *const pairs[] = {"O0", "o0", "I1", "l1", "i1", "S5", "s5", "B8", "Z2", "z2"};
    if (tolower((unsigned char)a) == tolower((unsigned char)b))
        return 1;
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        if ((a == pairs[i][0] && b == pairs[i][1]) || (a == pairs[i][1] && b == pairs[i][0]))
            return 1;
    return 0;
}

static int same_looking(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (!looks_alike(*a, *b))
            return 0;
    return *a == *b;
}

static int distance(const char *a, const char *b)
{
    if (same_looking(a, b))
        return 0;
    edit_distances++;
    return edit_distance(a, b);
}

/* How many edits a candidate may be from NAME (of LEN characters) and still
 * be offered.  Short names are too close to everything: for them only case
 * and look-alike characters may differ. */
static int edit_limit(int len)
{
    return len < 3 ? 0 : len / 3;
}

const char *diag_suggest(const char *name, const char *const *cands, int ncands)
{
    int len = (int)strlen(name);
    const char *best = NULL;
    int best_d = edit_limit(len) + 1;
    for (int i = 0; i < ncands && cands[i]; i++) {   /* a NULL ends the list early */
        int gap = abs((int)strlen(cands[i]) - len);
        if (gap >= best_d || strcmp(cands[i], name) == 0)
            continue;           /* the lengths alone rule it out */
        int dist = distance(name, cands[i]);
        if (dist < best_d) {
            best_d = dist;
            best = cands[i];
        }
    }
    return best;
}
