/* vectors.h - the Geometry model's task vectors t_i (rows of a K x n matrix),
 * drawn from a seeded GSL generator; see docs/reference-conventions.md,
 * section 4, for the reference code's constructions. */
#ifndef SKILL_VECTORS_H
#define SKILL_VECTORS_H

#include <stdint.h>

#include "ir.h"

/* Fills T (K x n, row-major) by the construction KIND:
 *  orthogonal  orthonormal rows: Gram-Schmidt of K Gaussian vectors (K <= n;
 *              the reference's SVD rows, in distribution, at K^2 n cost)
 *  random      Gaussian rows normalised to unit length
 *  gauss       N(0, I/n) rows, not normalised (Fig. 15)
 *  onehot      row i = e_i for i < n; rows beyond n are zero (modular; those
 *              skills cannot be learned, as in the reference's Fig. 18)
 *  hadamard    rows of the normalised Sylvester-Hadamard matrix (n a power of 2)
 * Returns 0, or -1 with a reason in ERR. */
int vectors_fill(ir_vectors kind, double *T, int K, int n, uint64_t seed, char *err, size_t errlen);

/* A generator seed derived from a user seed and a stream number, so that
 * vectors, batches and noise draw independent streams. */
unsigned long vectors_stream_seed(double seed, int stream);

#endif
