/* testeval.h - what the unit tests that run models share: the test's
 * PROGRAM (a static string of the including file) checked into an IR, and
 * an evaluation context over it (quiet, one thread).  Include it after
 * testkit.h, in the test's own .c file, once PROGRAM is defined. */
#ifndef SKILL_TESTEVAL_H
#define SKILL_TESTEVAL_H

#include <string.h>

#include "check.h"
#include "eval.h"

static ir_program *checked(diag *d)
{
    source *src = source_from_string("prog.skill", program, strlen(program));
    check_options copt = {0};
    int status;
    return check_source(src, &copt, d, &status);
}

static eval_ctx test_eval_ctx(ir_program *ir, diag *d)
{
    eval_ctx ev = {0};
    ev.ir = ir;
    ev.params = ir->params;
    ev.d = d;
    ev.quiet = 1;
    ev.threads = 1;
    return ev;
}

#endif
