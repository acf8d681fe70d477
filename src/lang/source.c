#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static source *source_wrap(const char *name, char *text, size_t len)
{
    source *s = calloc(1, sizeof *s);
    size_t cap = 64;
    if (!s || !(s->name = strdup(name)) || !(s->line_start = malloc(cap * sizeof(size_t)))) {
        fputs("skill: out of memory\n", stderr);
        abort();
    }
    s->text = text;
    s->len = len;
    s->line_start[s->nlines++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\n')
            continue;
        if ((size_t)s->nlines == cap) {
            cap *= 2;
            s->line_start = realloc(s->line_start, cap * sizeof(size_t));
            if (!s->line_start) {
                fputs("skill: out of memory\n", stderr);
                abort();
            }
        }
        s->line_start[s->nlines++] = i + 1;
    }
    return s;
}

source *source_from_string(const char *name, const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy) {
        fputs("skill: out of memory\n", stderr);
        abort();
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    return source_wrap(name, copy, len);
}

source *source_read(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "cannot read '%s': it is a directory", path);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            snprintf(err, errlen, "cannot read '%s': out of memory", path);
            return NULL;
        }
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len < cap - 1)
            break;
        cap *= 2;
        char *grown = realloc(buf, cap);
        if (!grown)
            free(buf);
        buf = grown;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        snprintf(err, errlen, "cannot read '%s': read error", path);
        return NULL;
    }
    buf[len] = '\0';
    return source_wrap(path, buf, len);
}

void source_free(source *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->text);
    free(s->line_start);
    free(s);
}

int source_line(const source *s, size_t off)
{
    int lo = 0, hi = s->nlines - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (s->line_start[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo + 1;
}

int source_column(const source *s, size_t off)
{
    size_t start = s->line_start[source_line(s, off) - 1];
    int col = 1;
    for (size_t i = start; i < off && i < s->len; i++)
        if (((unsigned char)s->text[i] & 0xC0) != 0x80)
            col++;
    return col;
}

const char *source_line_text(const source *s, int line, size_t *len)
{
    size_t start = s->line_start[line - 1];
    size_t end = line < s->nlines ? s->line_start[line] - 1 : s->len;
    if (end > start && s->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return s->text + start;
}

loc loc_span(loc a, loc b)
{
    loc r = a;
    if (b.end > r.end)
        r.end = b.end;
    return r;
}
