/* testeval.h - what the unit tests that run models share: the test's
 * program (a static string of the including file) checked into an IR, an
 * evaluation context over it (quiet, one thread), and the stream that
 * collects its messages.  Include it after testkit.h, in the test's own
 * .c file, once program is defined. */
#ifndef SKILL_TESTEVAL_H
#define SKILL_TESTEVAL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* One skill of frequency 1 in the Resource model: t(u) = (1 - u - N0 ln u)
 * / eta, so the level 1 - u at step T solves 1 - u - n0 ln u = eta T
 * (bisection).  Inline, so that a test that does not use it is not warned. */
static inline double closed_form_level(double eta, double n0, double T)
{
    double lo = 1e-300, hi = 1;
    for (int i = 0; i < 200; i++) {
        double u = 0.5 * (lo + hi);
        if (1 - u - n0 * log(u) > eta * T)
            lo = u;
        else
            hi = u;
    }
    return 1 - 0.5 * (lo + hi);
}

/* One test program's session.  It holds the diag that ev points at, so
 * it must stay where test_session_open put it. */
typedef struct {
    char *text;   /* the messages so far, after fflush(msgs) */
    size_t len;
    FILE *msgs;
    diag d;
    ir_program *ir;
    eval_ctx ev;
} test_session;

static int test_session_open(test_session *s)
{
    memset(s, 0, sizeof *s);
    s->msgs = open_memstream(&s->text, &s->len);
    diag_init(&s->d, s->msgs);
    s->ir = checked(&s->d);
    CHECK(s->ir != NULL, "the program does not check");
    if (!s->ir)
        return -1;
    s->ev = test_eval_ctx(s->ir, &s->d);
    return 0;
}

/* The messages so far, as a string. */
static const char *test_session_messages(test_session *s)
{
    fflush(s->msgs);
    return s->text ? s->text : "";
}

static void test_session_close(test_session *s)
{
    ir_program_free(s->ir);
    fclose(s->msgs);
    free(s->text);
}

#endif
