/* fuzz_data.c - the data-file readers under libFuzzer: the first byte
 * chooses the reader (CSV, TSV, JSON or .npy), the rest is the file.  A
 * reader either fills its frame or array or reports a place inside the
 * input; nothing else (no crash, no read past the input, no leak). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "harness.h"
#include "json.h"
#include "npy.h"

static void check_place(const data_error *err, size_t size)
{
    if (err->off > size || err->end > size + 1 || err->end < err->off)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t n = size - 1;
    char *text = malloc(n + 1);         /* the readers see exactly N bytes (and a NUL, as sources have) */
    if (!text)
        abort();
    memcpy(text, data + 1, n);
    text[n] = '\0';
    data_error err;
    data_frame f;
    npy_array a;
    int rc;
    switch (data[0] % 4) {
    case 0: rc = csv_read(text, n, ',', &f, &err); break;
    case 1: rc = csv_read(text, n, '\t', &f, &err); break;
    case 2: rc = json_read(text, n, &f, &err); break;
    default:
        rc = npy_read((const unsigned char *)text, n, &a, &err);
        if (rc == 0)
            npy_free(&a);
        break;
    }
    if (rc != 0)
        check_place(&err, n);
    else if (data[0] % 4 != 3)
        frame_free(&f);
    free(text);
    return 0;
}
