/* harness.c - the fuzz harnesses' shared setup; see harness.h. */
#include "config.h"

#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "blas.h"
#include "harness.h"
#include "source.h"

#ifndef FUZZ_STDLIB_DIR
#error "FUZZ_STDLIB_DIR: the source tree's stdlib folder (Makefile.am defines it)"
#endif

FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w"))) {
        perror("fuzz: /dev/null");
        abort();
    }
    return sink;
}

void fuzz_setup(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    setenv("SKILL_STDLIB", FUZZ_STDLIB_DIR, 1);
    setenv("NO_COLOR", "1", 1);
    gsl_set_error_handler_off();
#ifdef HAVE_OPENBLAS
    openblas_set_num_threads(1);
#endif
}

ir_program *fuzz_check(const uint8_t *data, size_t size, diag *d)
{
    fuzz_setup();
    diag_init(d, fuzz_sink());
    source *src = source_from_string("<fuzz>", (const char *)data, size);
    check_options opt = {.stdlib_only = 1};
    int status = 0;
    return check_source(src, &opt, d, &status);
}
