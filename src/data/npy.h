/* npy.h - numpy's .npy files (format versions 1.0, 2.0 and 3.0): 1-D and
 * 2-D arrays of little-endian float64, float32, int64 or int32 ('<f8',
 * '<f4', '<i8', '<i4'), in C or Fortran order.  A 1-D array is one row. */
#ifndef SKILL_NPY_H
#define SKILL_NPY_H

#include <stddef.h>

#include "frame.h"

typedef struct npy_array {
    int ndim;                   /* 1 or 2 */
    long rows, cols;            /* a 1-D array of n: 1 x n */
    double *x;                  /* rows x cols, row-major */
} npy_array;

/* Reads the LEN bytes at BYTES into OUT: 0, or -1 with ERR saying what is
 * wrong (its place is a byte offset into the header). */
int npy_read(const unsigned char *bytes, size_t len, npy_array *out, data_error *err);
void npy_free(npy_array *a);

#endif
