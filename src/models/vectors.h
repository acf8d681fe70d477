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

/* The numerical rank of the symmetric K x K matrix C (eigenvalues above
 * 16 K eps times the largest count) into *RANK, and its smallest
 * eigenvalue into *SMALLEST.  0, or -1 if C is not positive semi-definite
 * (an eigenvalue below minus that tolerance). */
int vectors_correlation_rank(const double *C, int K, int *rank, double *smallest);

/* Fills T (K x n) with vectors whose Gram matrix T T^T is C (symmetric,
 * positive semi-definite, rank r <= n): the rows of C's Cholesky factor
 * when C is positive definite, else of V sqrt(L) over its r positive
 * eigenvalues (GSL's symmetric eigensolver), turned into n dimensions by
 * the r orthonormal rows `orthogonal` draws from SEED (so C = I gives
 * `orthogonal`'s vectors).  0, or -1 with a reason in ERR. */
int vectors_from_correlation(const double *C, double *T, int K, int n, uint64_t seed, char *err,
                             size_t errlen);

/* A generator seed derived from a user seed and a stream number, so that
 * vectors, batches and noise draw independent streams. */
unsigned long vectors_stream_seed(double seed, int stream);

#endif
