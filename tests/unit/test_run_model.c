/* test_run_model.c - run_model, the entry point `run`, `fit` and library
 * callers share, called directly with overrides already evaluated: a
 * resource model of one skill against its closed form (the paper's Eq. 3,
 * resource_closed_form_time), the parameters put back after the run, and a
 * bad override reported at the place the caller gives.  Exit status 0 when
 * all pass. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "resource.h"
#include "run.h"

#include "testkit.h"

/* The model declares eta = 1 and N0 = n0 = 1; the runs override both. */
static const char program[] =
    "skill A freq 1\n"
    "param n0 = 1\n"
    "resource R { eta = 1; N0 = n0; tol = 1e-12 }\n";

#include "testeval.h"

static void test_closed_form(eval_ctx *ev, int model)
{
    loc nowhere = {0};
    setting_value with[] = {{"eta", nowhere, nowhere, {V_NUM, {.num = 0.005}}, NULL},
                            {"n0", nowhere, nowhere, {V_NUM, {.num = 0.1}}, NULL}};
    run_span span = {100, 10, nowhere, nowhere, nowhere};
    result *r = NULL;
    CHECK(run_model(ev, model, with, 2, NULL, &span, &r) == 0 && r, "the run failed");
    if (!r)
        return;
    CHECK(r->nrec == 11 && r->steps[10] == 100, "%d rows, the last at step %g", r->nrec,
          r->nrec ? r->steps[r->nrec - 1] : -1);
    for (int row = 1; row < r->nrec; row++) {
        double want = closed_form_level(0.005, 0.1, r->steps[row]);
        CHECK(fabs(r->levels[row] - want) < 1e-8, "step %g: level %.12g, closed form %.12g",
              r->steps[row], r->levels[row], want);
    }
    /* Eq. 3 read the other way: the time to the level the run reached. */
    double p = 1, t = resource_closed_form_time(&p, 1, 0, r->levels[10], 0.005, 0.1);
    CHECK(fabs(t - 100) < 1e-5, "Eq. 3 gives step %.9g for the level at step 100", t);
    /* 1 - u - 0.1 ln u = 0.5 at u = 0.55828802719974324 (by hand, bisection) */
    CHECK(fabs(r->levels[10] - 0.44171197280025676) < 1e-8, "level %.12g at step 100", r->levels[10]);
    result_free(r);
    CHECK(ev->params[0].val.kind == V_NUM && ev->params[0].val.u.num == 1,
          "n0 is %g after the run, not 1 again", ev->params[0].val.u.num);
}

/* A value the model refuses is reported where the caller says it was given. */
static void test_bad_override(eval_ctx *ev, int model)
{
    source *src = source_from_string("caller", "N0 = -1\n", 8);
    loc key_at = {src, 0, 2}, value_at = {src, 5, 7};
    setting_value with[] = {{"N0", key_at, value_at, {V_NUM, {.num = -1}}, NULL}};
    run_span span = {10, 1, value_at, value_at, value_at};
    result *r = NULL;
    int errors = ev->d->nerrors;
    CHECK(run_model(ev, model, with, 1, NULL, &span, &r) == -1 && r == NULL, "N0 = -1 was run");
    CHECK(ev->d->nerrors == errors + 1, "%d errors", ev->d->nerrors - errors);
    source_free(src);
}

int main(void)
{
    test_session s;
    if (test_session_open(&s) != 0)
        return 1;
    int model = ir_find_model(s.ir, "R");
    test_closed_form(&s.ev, model);
    test_bad_override(&s.ev, model);
    CHECK(strstr(test_session_messages(&s),
                 "caller:1:6: error: 'N0' is -1; it must be zero or positive") != NULL,
          "messages: %s", s.text);
    test_session_close(&s);
    if (failures == 0)
        printf("PASS: test_run_model\n");
    return failures ? 1 : 0;
}
