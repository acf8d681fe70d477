/* netpass.c - the forward and backward passes of network.h, written once
 * in netpass_real.h and compiled here for double and for float. */

/* The element-wise loops (activations, their slopes, conversions) are
 * most of a step's time outside gemm on narrow layers: let GCC vectorize
 * them with a scalar remainder, as it does at -O3 (its -O2 cost model
 * vectorizes only loops whose length is a multiple of the vector), and
 * turn vexp's clamps into selects (no code here reads the floating-point
 * exception flags).  Before the includes, so that vexp.h's code gets it. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic", "no-trapping-math")
#endif
/* ... and compile those loops for AVX-512 and AVX2 as well, the variant
 * chosen when the program loads (an x86-64 build otherwise assumes SSE2
 * only, at a quarter of AVX-512's width; measured on silu, 7x slower). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__gnu_linux__)
#define VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VECTOR_CLONES
#endif

#include <math.h>
#include <string.h>

#include "blas.h"
#include "netimpl.h"
#include "vexp.h"


#define REAL double
#define NAME(f) f##_d
#define GEMM cblas_dgemm
#define GEMV cblas_dgemv
#define AXPY cblas_daxpy
#define VEXP vexp_d
#define ERF erf
#define TANH tanh
#define THETA(n) ((n)->theta)
#define GRAD(n) ((n)->grad)
#include "netpass_real.h"

#define REAL float
#define NAME(f) f##_f
#define GEMM cblas_sgemm
#define GEMV cblas_sgemv
#define AXPY cblas_saxpy
#define VEXP vexp_f
#define ERF erff
#define TANH tanhf
#define THETA(n) ((n)->theta32)
#define GRAD(n) ((n)->grad32)
#include "netpass_real.h"
