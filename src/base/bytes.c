#include "bytes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bytes_put(bytebuf *b, const void *data, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len)
            cap *= 2;
        unsigned char *grown = realloc(b->data, cap);
        if (!grown) {
            fputs("skill: out of memory\n", stderr);
            abort();
        }
        b->data = grown;
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
}

void bytes_put_u8(bytebuf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    bytes_put(b, &c, 1);
}

void bytes_put_u64(bytebuf *b, uint64_t v)
{
    unsigned char le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (unsigned char)(v >> (8 * i));
    bytes_put(b, le, 8);
}

void bytes_put_i64(bytebuf *b, int64_t v)
{
    bytes_put_u64(b, (uint64_t)v);
}

void bytes_put_f64(bytebuf *b, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bytes_put_u64(b, bits);
}

void bytes_put_text(bytebuf *b, const char *text, size_t len)
{
    bytes_put_u64(b, len);
    bytes_put(b, text, len);
}

void bytes_put_str(bytebuf *b, const char *s)
{
    bytes_put_u8(b, s != NULL);
    if (s)
        bytes_put_text(b, s, strlen(s));
}

void bytes_free(bytebuf *b)
{
    free(b->data);
    *b = (bytebuf){NULL, 0, 0};
}

byteread bytes_reader(const void *data, size_t len)
{
    const unsigned char *p = data;
    return (byteread){p, p + len, 0};
}

const void *bytes_get(byteread *r, size_t len)
{
    if (r->bad || (size_t)(r->end - r->at) < len) {
        r->bad = 1;
        return NULL;
    }
    const void *p = r->at;
    r->at += len;
    return p;
}

unsigned bytes_get_u8(byteread *r)
{
    const unsigned char *p = bytes_get(r, 1);
    return p ? *p : 0;
}

uint64_t bytes_get_u64(byteread *r)
{
    const unsigned char *p = bytes_get(r, 8);
    uint64_t v = 0;
    for (int i = 0; p && i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

int64_t bytes_get_i64(byteread *r)
{
    return (int64_t)bytes_get_u64(r);
}

double bytes_get_f64(byteread *r)
{
    uint64_t bits = bytes_get_u64(r);
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

long bytes_get_count(byteread *r, long max)
{
    uint64_t n = bytes_get_u64(r);
    if (n > (uint64_t)max) {
        r->bad = 1;
        return 0;
    }
    return (long)n;
}

const char *bytes_get_text(byteread *r, size_t *len)
{
    uint64_t n = bytes_get_u64(r);
    const char *p = r->bad || n > (uint64_t)(r->end - r->at) ? NULL : bytes_get(r, (size_t)n);
    if (!p)
        r->bad = 1;
    *len = p ? (size_t)n : 0;
    return p;
}

char *bytes_get_str(byteread *r)
{
    if (!bytes_get_u8(r))
        return NULL;
    size_t len;
    const char *p = bytes_get_text(r, &len);
    if (!p)
        return NULL;
    char *s = malloc(len + 1);
    if (!s)
        abort();
    memcpy(s, p, len);
    s[len] = 0;
    return s;
}
