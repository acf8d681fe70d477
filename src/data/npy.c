#include "npy.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NPY_MAX_ELEMENTS = 100000000 };

typedef struct npy_header {
    char descr[8];
    int fortran;
    int ndim;
    long shape[2];
} npy_header;

void npy_free(npy_array *a)
{
    free(a->x);
    memset(a, 0, sizeof *a);
}

/* The value text after 'KEY': in the header dict, or NULL. */
static const char *dict_value(const char *dict, const char *key)
{
    const char *k = strstr(dict, key);
    if (!k)
        return NULL;
    k += strlen(key);
    while (*k == ' ' || *k == ':')
        k++;
    return k;
}

static int parse_descr(const char *v, npy_header *h)
{
    if (!v || (*v != '\'' && *v != '"'))
        return -1;
    char quote = *v++;
    size_t n = strcspn(v, "'\"");
    if (n >= sizeof h->descr || v[n] != quote)
        return -1;
    memcpy(h->descr, v, n);
    h->descr[n] = '\0';
    return 0;
}

/* (3, 4) or (5,) or () */
static int parse_shape(const char *v, npy_header *h)
{
    if (!v || *v != '(')
        return -1;
    v++;
    h->ndim = 0;
    for (;;) {
        while (*v == ' ')
            v++;
        if (*v == ')')
            return 0;
        char *end;
        long n = strtol(v, &end, 10);
        if (end == v || n < 0 || h->ndim == 2)
            return -1;
        h->shape[h->ndim++] = n;
        v = end;
        while (*v == ' ')
            v++;
        if (*v == ',')
            v++;
        else if (*v != ')')
            return -1;
    }
}

static int parse_header(const char *dict, npy_header *h, data_error *err, size_t off, size_t end)
{
    const char *order = dict_value(dict, "'fortran_order'");
    if (parse_descr(dict_value(dict, "'descr'"), h) != 0 || !order ||
        parse_shape(dict_value(dict, "'shape'"), h) != 0)
        return data_fail(err, off, end, "this .npy header cannot be read: %.60s", dict);
    h->fortran = strncmp(order, "True", 4) == 0;
    if (h->ndim < 1)
        return data_fail(err, off, end, "a .npy file here must hold a 1-D or 2-D array, not a %s",
                         "scalar");
    return 0;
}

static int element_size(const char *descr)
{
    static const struct { const char *descr; int size; } types[] = {
        {"<f8", 8}, {"<f4", 4}, {"<i8", 8}, {"<i4", 4}, {"|u1", 1}, {"|b1", 1},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(types[i].descr, descr) == 0)
            return types[i].size;
    return 0;
}

static double element(const unsigned char *p, const char *descr)
{
    if (strcmp(descr, "<f8") == 0) {
        double x;
        memcpy(&x, p, sizeof x);
        return x;
    }
    if (strcmp(descr, "<f4") == 0) {
        float x;
        memcpy(&x, p, sizeof x);
        return x;
    }
    if (strcmp(descr, "<i8") == 0) {
        int64_t x;
        memcpy(&x, p, sizeof x);
        return (double)x;
    }
    if (strcmp(descr, "<i4") == 0) {
        int32_t x;
        memcpy(&x, p, sizeof x);
        return x;
    }
    return p[0];                        /* |u1, |b1 */
}

/* Magic, version, header length: where the header and the data begin. */
static int preamble(const unsigned char *b, size_t len, size_t *hstart, size_t *hlen, data_error *err)
{
    if (len < 10 || memcmp(b, "\x93NUMPY", 6) != 0)
        {
        data_fail(err, 0, len < 6 ? len : 6, "this is not a .npy file (no \\x93NUMPY at its start)");
        snprintf(err->hint, sizeof err->hint, "write it with numpy.save; a text matrix is read from a .csv file");
        return -1;
    }
    int major = b[6];
    if (major == 1) {
        *hstart = 10;
        *hlen = (size_t)b[8] | (size_t)b[9] << 8;
    } else if ((major == 2 || major == 3) && len >= 12) {
        *hstart = 12;
        *hlen = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
    } else {
        return data_fail(err, 6, 7, ".npy format version %d.%d is not known (1.0, 2.0 and 3.0 are)", major, b[7]);
    }
    if (*hlen > len - *hstart)
        return data_fail(err, 8, 10, "the .npy header is longer than the file");
    return 0;
}

int npy_read(const unsigned char *b, size_t len, npy_array *out, data_error *err)
{
    size_t hstart = 0, hlen = 0;
    npy_header h = {{0}, 0, 0, {1, 1}};
    memset(out, 0, sizeof *out);
    if (preamble(b, len, &hstart, &hlen, err) != 0)
        return -1;
    char *dict = malloc(hlen + 1);
    if (!dict)
        abort();
    memcpy(dict, b + hstart, hlen);
    dict[hlen] = '\0';
    int rc = parse_header(dict, &h, err, hstart, hstart + hlen);
    free(dict);
    if (rc != 0)
        return -1;
    int size = element_size(h.descr);
    if (!size) {
        data_fail(err, hstart, hstart + hlen, "the .npy element type '%s' is not read", h.descr);
        snprintf(err->hint, sizeof err->hint, "save float64, float32, int64 or int32, little-endian "
                 "(numpy: a.astype('<f8'))");
        return -1;
    }
    long rows = h.ndim == 2 ? h.shape[0] : 1, cols = h.ndim == 2 ? h.shape[1] : h.shape[0];
    if (rows > NPY_MAX_ELEMENTS || cols > NPY_MAX_ELEMENTS || (double)rows * (double)cols > NPY_MAX_ELEMENTS)
        return data_fail(err, hstart, hstart + hlen, "the array is too large (%ld x %ld)", rows, cols);
    size_t n = (size_t)rows * (size_t)cols, data = hstart + hlen;
    if ((len - data) / (size_t)size < n)
        {
        data_fail(err, hstart, hstart + hlen, "the file is shorter than its %ld x %ld array", rows, cols);
        snprintf(err->hint, sizeof err->hint, "the file was cut short: write it again with numpy.save");
        return -1;
    }
    out->ndim = h.ndim;
    out->rows = rows;
    out->cols = cols;
    out->x = malloc((n ? n : 1) * sizeof *out->x);
    if (!out->x)
        abort();
    for (long r = 0; r < rows; r++)
        for (long c = 0; c < cols; c++) {
            size_t i = h.fortran ? (size_t)c * (size_t)rows + (size_t)r : (size_t)r * (size_t)cols + (size_t)c;
            out->x[(size_t)r * (size_t)cols + (size_t)c] = element(b + data + i * (size_t)size, h.descr);
        }
    return 0;
}
