/* bytes.h - a growing byte buffer to write numbers and text into, and a
 * bounded reader to take them out again in the same order: how values and
 * sweep points cross from one process to another (skill(1), MPI).
 * Numbers are fixed-width and little-endian; doubles travel as their bits,
 * so what is read back is exactly what was written. */
#ifndef SKILL_BYTES_H
#define SKILL_BYTES_H

#include <stddef.h>
#include <stdint.h>

typedef struct bytebuf {
    unsigned char *data;
    size_t len, cap;
} bytebuf;

void bytes_put(bytebuf *b, const void *data, size_t len);
void bytes_put_u8(bytebuf *b, unsigned v);
void bytes_put_u64(bytebuf *b, uint64_t v);
void bytes_put_i64(bytebuf *b, int64_t v);
void bytes_put_f64(bytebuf *b, double x);
/* LEN, then LEN bytes of TEXT (which may hold NULs). */
void bytes_put_text(bytebuf *b, const char *text, size_t len);
/* A C string, or NULL (kept apart from the empty string). */
void bytes_put_str(bytebuf *b, const char *s);
void bytes_free(bytebuf *b);

/* Reading stops at the end: once anything is missing every later read
 * gives zeros, and bad is set. */
typedef struct byteread {
    const unsigned char *at, *end;
    int bad;
} byteread;

byteread bytes_reader(const void *data, size_t len);
const void *bytes_get(byteread *r, size_t len);    /* NULL if fewer are left */
unsigned bytes_get_u8(byteread *r);
uint64_t bytes_get_u64(byteread *r);
int64_t bytes_get_i64(byteread *r);
double bytes_get_f64(byteread *r);
/* A count of at most MAX (else bad, and 0). */
long bytes_get_count(byteread *r, long max);
/* Text as written by bytes_put_text: a pointer into the data, *LEN set. */
const char *bytes_get_text(byteread *r, size_t *len);
/* bytes_put_str's string, malloc'd (NULL for NULL, or if bad). */
char *bytes_get_str(byteread *r);

#endif
