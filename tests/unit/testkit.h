/* testkit.h - what the file-writing unit tests share: CHECK, which counts
 * failures and prints where; a scratch folder and the temporaries left in
 * it; reading a file whole.
 * Include it once, in the test's own .c file. */
#ifndef SKILL_TESTKIT_H
#define SKILL_TESTKIT_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                     \
            printf(__VA_ARGS__);                                            \
            printf("\n");                                                   \
        }                                                                   \
    } while (0)

/* The scratch folder, made by mkdtemp in the test's main. */
static char dir[] = "/tmp/skilltest.XXXXXX";

/* NAME in the scratch folder (four buffers in turn, so a call may take a
 * few paths at once). */
static inline char *path_in_dir(const char *name)
{
    static char buf[4][512];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

/* Number of entries in the scratch folder whose name contains ".tmp": the
 * temporaries an atomic write left behind. */
static inline int leftover_temporaries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += strstr(e->d_name, ".tmp") != NULL;
    if (d)
        closedir(d);
    return n;
}

/* The whole file, NUL-terminated; *LEN (if not NULL) gets its size.  NULL
 * if unreadable. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, (cap *= 2) + 1);
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

#endif
