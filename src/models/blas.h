/* blas.h - the CBLAS interface.  GSL's header declares the standard CBLAS
 * prototypes (and other GSL headers pull it in, so OpenBLAS's own cblas.h
 * would clash); the calls resolve to OpenBLAS, which is linked before GSL. */
#ifndef SKILL_BLAS_H
#define SKILL_BLAS_H

#include "config.h"

#include <gsl/gsl_cblas.h>

#ifdef HAVE_OPENBLAS
void openblas_set_num_threads(int num_threads);
#endif

#endif
