/* harness.h - what the fuzz harnesses share: libFuzzer's entry point, a
 * sink for diagnostics and printed text, and a program checked from bytes.
 * The same harness sources link with libFuzzer (make fuzz) or with
 * replay.c (make check). */
#ifndef SKILL_FUZZ_HARNESS_H
#define SKILL_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* /dev/null, opened once: everything the program would show goes there. */
FILE *fuzz_sink(void);
/* Makes the process fit for fuzzing: imports from the source tree's
 * stdlib only, output files discarded, GSL errors returned, one BLAS
 * thread.  Idempotent. */
void fuzz_setup(void);
/* DATA checked as a program named "<fuzz>" (imports from the standard
 * library only); NULL if it has errors.  Diagnostics go to the sink
 * through D, which the caller finishes (diag_finish). */
ir_program *fuzz_check(const uint8_t *data, size_t size, diag *d);

#endif
