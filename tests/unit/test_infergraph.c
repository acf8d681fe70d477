/* test_infergraph.c - infer's candidate graphs: the edge set, the text of a
 * skill's needs, and the dependency factors compiled at run time, which
 * must be exactly what `needs A and B` compiles to under the model's gate
 * (its `gate` key, or the default sharp(0.01)).  Exit status 0 when all
 * pass. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "infergraph.h"

#include "testkit.h"

/* C declares the needs the candidate graph {A -> C, B -> C} has. */
static const char program[] =
    "param gamma = 0.2\n"
    "skill A freq 1\n"
    "skill B freq 1\n"
    "skill C freq 1 needs A and B\n"
    "resource plain { eta = 1; N0 = 1 }\n"
    "resource gated { eta = 1; N0 = 1; gate = sharp(gamma) }\n";

#include "testeval.h"

static void test_edges(void)
{
    infer_graph g = infergraph_new(3);
    CHECK(infergraph_edges(&g) == 0, "a new graph has %d edges", infergraph_edges(&g));
    infergraph_set(&g, 0, 2, 1);
    infergraph_set(&g, 1, 2, 1);
    CHECK(infergraph_has(&g, 0, 2) && infergraph_has(&g, 1, 2) && !infergraph_has(&g, 2, 0),
          "the edges set are not the ones read");
    CHECK(infergraph_edges(&g) == 2 && infergraph_needs(&g, 2) == 2 && infergraph_needs(&g, 0) == 0,
          "%d edges, C needs %d", infergraph_edges(&g), infergraph_needs(&g, 2));
    infer_graph c = infergraph_copy(&g);
    CHECK(infergraph_same(&g, &c), "a copy differs");
    infergraph_set(&c, 0, 2, 0);
    CHECK(!infergraph_same(&g, &c) && infergraph_edges(&c) == 1, "a changed copy is the same");
    infergraph_free(&c);
    infergraph_free(&g);
}

static void test_text(const ir_program *ir)
{
    infer_graph g = infergraph_new(3);
    infergraph_set(&g, 0, 2, 1);
    infergraph_set(&g, 1, 2, 1);
    arena *a = arena_new();
    const char *text = infergraph_needs_text(ir, &g, 2, a);
    CHECK(text && strcmp(text, "C needs A and B") == 0, "C's needs read '%s'", text ? text : "(null)");
    CHECK(infergraph_needs_text(ir, &g, 0, a) == NULL, "A needs something");
    arena_free(a);
    infergraph_free(&g);
}

/* The factors of {A -> C, B -> C} against the model's own for C, over a
 * grid of states; B = gate(u_A) gate(u_B) with sharp(g)(u) = 1 - u^g. */
static void test_factors(eval_ctx *ev, int model, double gamma)
{
    const ir_model *m = &ev->ir->models[model];
    infer_graph g = infergraph_new(3);
    infergraph_set(&g, 0, 2, 1);
    infergraph_set(&g, 1, 2, 1);
    arena *a = arena_new();
    loc nowhere = {0};
    expr_prog **f = infergraph_factors(ev, &g, infergraph_gate(m, a, nowhere), a);
    CHECK(f && !f[0] && !f[1] && f[2], "%s: factors of A, B, C: %p %p %p", m->name,
          f ? (void *)f[0] : NULL, f ? (void *)f[1] : NULL, f ? (void *)f[2] : NULL);
    double *params = ir_param_values(ev->params, ev->ir->nparams);
    for (int k = 0; f && f[2] && k < 16; k++) {
        double u[3] = {0.01 + 0.06 * k, 0.9 - 0.05 * k, 0.5}, s[3] = {0}, p[3] = {1, 1, 1};
        expr_env env = {params, 0, u, s, p, NULL};
        double got = expr_eval(f[2], &env), own = expr_eval(m->bfactor[2], &env);
        double want = (1 - pow(u[0], gamma)) * (1 - pow(u[1], gamma));
        CHECK(got == own, "%s: u = (%g, %g): B = %.17g, the model's %.17g", m->name, u[0], u[1], got, own);
        CHECK(fabs(got - want) < 1e-15, "%s: B = %.17g, by hand %.17g", m->name, got, want);
    }
    free(params);
    arena_free(a);
    infergraph_free(&g);
}

int main(void)
{
    test_session s;
    if (test_session_open(&s) != 0)
        return 1;
    test_edges();
    test_text(s.ir);
    test_factors(&s.ev, ir_find_model(s.ir, "plain"), 0.01);
    test_factors(&s.ev, ir_find_model(s.ir, "gated"), 0.2);
    CHECK(*test_session_messages(&s) == 0, "messages: %s", s.text);
    test_session_close(&s);
    if (failures == 0)
        printf("PASS: test_infergraph\n");
    return failures ? 1 : 0;
}
