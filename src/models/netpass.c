/* netpass.c - the forward and backward passes of network.h, written once
 * in netpass_real.h and compiled here for double and for float. */

#include "vectorize.h"

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
