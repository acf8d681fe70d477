/* fuzz_eval.c - the evaluator under libFuzzer: a program that checks is
 * run, confined: `print` and diagnostics go to nowhere, output files are
 * formatted and discarded, one thread, and a budget of work (a run costs
 * its steps x skills x dim x batch, a sweep its points) that a program
 * may not exceed -- so every input runs in milliseconds. */
#include "config.h"

#include "harness.h"
#include "interp.h"

/* Enough for the paper's small setups at a few hundred steps. */
enum { FUZZ_EVAL_BUDGET = 200000, FUZZ_EVAL_MAX_INPUT = 4096 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_EVAL_MAX_INPUT)
        return 0;
    diag d;
    ir_program *ir = fuzz_check(data, size, &d);
    if (!ir) {
        diag_finish(&d);
        return 0;
    }
    interp_options opt = {.quiet = 1, .jobs = 1, .discard = 1};
    interp_session *s = interp_session_new(&opt, &d);
    interp_session_use(s, ir);
    interp_session_confine(s, fuzz_sink(), FUZZ_EVAL_BUDGET);
    interp_session_exec(s, ir->stmts, ir->nstmts);
    interp_session_free(s);
    diag_finish(&d);
    ir_program_free(ir);
    return 0;
}
