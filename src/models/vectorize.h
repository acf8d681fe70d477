/* vectorize.h - included first by the files whose element-wise loops
 * are most of a network step's time outside gemm (netpass.c, netloss.c).
 *
 * GCC at -O2 vectorizes only loops whose length is a multiple of the
 * vector; this asks for vectorization with a scalar remainder, as at -O3,
 * and lets vexp's clamps become selects (no code here reads the
 * floating-point exception flags).  It comes before the includes, so that
 * vexp.h's code gets it. */
#ifndef SKILL_VECTORIZE_H
#define SKILL_VECTORIZE_H

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic", "no-trapping-math")
#endif

/* Such loops are also compiled for AVX-512 and AVX2, the variant chosen
 * when the program loads: an x86-64 build otherwise assumes SSE2 only
 * (measured on silu: 7x slower than the AVX-512 variant). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__gnu_linux__)
#define VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VECTOR_CLONES
#endif

#endif
