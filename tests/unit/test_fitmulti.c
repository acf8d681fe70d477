/* test_fitmulti.c - fit_solve, the inverse problem's engine, called
 * directly against data made from the closed form of a one-skill resource
 * model (1 - u - N0 ln u = eta t): the values are recovered, the errors
 * agree with s^2 (J^T J)^-1 computed here from the closed form itself, and
 * with no parameter the engine only runs and scores.  Exit status 0 when
 * all pass. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fitmulti.h"

#include "testkit.h"

static const char program[] =
    "skill A freq 1\n"
    "resource R { eta = 1; N0 = 1; tol = 1e-12 }\n";

enum { ROWS = 21 };
static const double ETA = 0.005, N0 = 0.1, EVERY = 10;

#include "testeval.h"

/* Small deterministic noise, +-AMP, different at every row. */
static double wiggle(int row, double amp)
{
    return amp * sin(12.9898 * (row + 1) + 78.233);
}

static result *data_set(double amp)
{
    const char **names = malloc(sizeof *names);      /* the result owns its names array */
    if (!names)
        abort();
    names[0] = "A";
    result *r = result_new("data", 1, names, 0);
    for (int row = 0; row < ROWS; row++) {
        double *lv = result_add_row(r, row * EVERY, 0, NULL);
        lv[0] = closed_form_level(ETA, N0, row * EVERY) + wiggle(row, amp);
    }
    return r;
}

static fit_problem problem(int model, const fit_param *params, int n, const result *const *data)
{
    return (fit_problem){.model = model, .params = params, .nparams = n, .data = data, .ndata = 1,
                         .step_lo = -INFINITY, .step_hi = INFINITY};
}

static void test_recovery(eval_ctx *ev, int model, const fit_param *params)
{
    result *data = data_set(0);
    const result *const sets[] = {data};
    fit_problem p = problem(model, params, 2, sets);
    fit_outcome o;
    CHECK(fit_solve(ev, &p, &o) == 0, "the fit failed");
    CHECK(fabs(o.value[0] / ETA - 1) < 1e-5 && fabs(o.value[1] / N0 - 1) < 1e-5,
          "eta %.9g, N0 %.9g", o.value[0], o.value[1]);
    CHECK(o.n == ROWS && o.converged && o.determined[0] && o.determined[1], "n %ld, converged %d",
          o.n, o.converged);
    CHECK(o.runs[0] && o.runs[0]->nrec == ROWS, "the fitted run");
    fit_outcome_free(&o);
    result_free(data);
}

/* s^2 (J^T J)^-1 with J the closed form's derivatives in log eta and log
 * N0 at the optimum, the delta method back to eta and N0. */
static void expected_errors(double eta, double n0, double rss, double *err)
{
    double a = 0, b = 0, c = 0, h = 1e-5;
    for (int row = 0; row < ROWS; row++) {
        double t = row * EVERY;
        double je = (closed_form_level(eta * exp(h), n0, t) - closed_form_level(eta * exp(-h), n0, t)) / (2 * h);
        double jn = (closed_form_level(eta, n0 * exp(h), t) - closed_form_level(eta, n0 * exp(-h), t)) / (2 * h);
        a += je * je;
        b += je * jn;
        c += jn * jn;
    }
    double s2 = rss / (ROWS - 2), det = a * c - b * b;
    err[0] = eta * sqrt(s2 * c / det);
    err[1] = n0 * sqrt(s2 * a / det);
}

static void test_errors(eval_ctx *ev, int model, const fit_param *params)
{
    result *data = data_set(0.01);
    const result *const sets[] = {data};
    fit_problem p = problem(model, params, 2, sets);
    fit_outcome o;
    CHECK(fit_solve(ev, &p, &o) == 0, "the noisy fit failed");
    double want[2];
    expected_errors(o.value[0], o.value[1], o.rss, want);
    for (int j = 0; j < 2; j++)
        CHECK(fabs(o.err[j] / want[j] - 1) < 1e-3, "%s: error %.9g, expected %.9g", params[j].label,
              o.err[j], want[j]);
    double rss = 0;
    for (int row = 0; row < ROWS; row++) {
        double d = closed_form_level(o.value[0], o.value[1], row * EVERY) - data->levels[row];
        rss += d * d;
    }
    CHECK(fabs(o.rss / rss - 1) < 1e-6, "rss %.9g, closed form %.9g", o.rss, rss);
    CHECK(fabs(o.aic - (ROWS * log(o.rss / ROWS) + 4)) < 1e-9, "aic %.9g", o.aic);
    fit_outcome_free(&o);
    result_free(data);
}

/* No parameter: the model as declared (eta = N0 = 1), run and scored. */
static void test_score_only(eval_ctx *ev, int model)
{
    result *data = data_set(0);
    const result *const sets[] = {data};
    fit_problem p = problem(model, NULL, 0, sets);
    fit_outcome o;
    CHECK(fit_solve(ev, &p, &o) == 0, "scoring failed");
    double rss = 0;
    for (int row = 0; row < ROWS; row++) {
        double d = closed_form_level(1, 1, row * EVERY) - data->levels[row];
        rss += d * d;
    }
    CHECK(fabs(o.rss / rss - 1) < 1e-6 && o.n == ROWS && o.converged,
          "rss %.9g, closed form %.9g, n %ld", o.rss, rss, o.n);
    CHECK(fabs(o.bic - ROWS * log(rss / ROWS)) < 1e-6, "bic %.9g", o.bic);
    fit_outcome_free(&o);
    result_free(data);
}

int main(void)
{
    test_session s;
    if (test_session_open(&s) != 0)
        return 1;
    int model = ir_find_model(s.ir, "R");
    loc nowhere = {0};
    const fit_param params[] = {
        {FIT_KEY, "eta", -1, "eta", 1e-4, 0.1, FIT_SCALE_LOG, -1, nowhere},
        {FIT_KEY, "N0", -1, "N0", 1e-3, 10, FIT_SCALE_LOG, -1, nowhere},
    };
    test_recovery(&s.ev, model, params);
    test_errors(&s.ev, model, params);
    test_score_only(&s.ev, model);
    CHECK(*test_session_messages(&s) == 0, "messages: %s", s.text);
    test_session_close(&s);
    if (failures == 0)
        printf("PASS: test_fitmulti\n");
    return failures ? 1 : 0;
}
