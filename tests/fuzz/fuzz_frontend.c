/* fuzz_frontend.c - the front end under libFuzzer: bytes -> lexer ->
 * parser -> checker -> IR, and the IR printed (to nowhere) as `skill ir`
 * prints it.  Nothing is run. */
#include "config.h"

#include "harness.h"
#include "ir.h"
#include "irdump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d;
    ir_program *ir = fuzz_check(data, size, &d);
    if (ir)
        ir_dump(ir, fuzz_sink());
    ir_program_free(ir);
    diag_finish(&d);
    return 0;
}
