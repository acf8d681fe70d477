#include "infergraph.h"

#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "xalloc.h"

infer_graph infergraph_new(int n)
{
    infer_graph g = {n, calloc((size_t)n * (size_t)n + 1, 1)};
    if (!g.edge)
        abort();
    return g;
}

infer_graph infergraph_copy(const infer_graph *g)
{
    infer_graph c = infergraph_new(g->n);
    memcpy(c.edge, g->edge, (size_t)g->n * (size_t)g->n);
    return c;
}

void infergraph_free(infer_graph *g)
{
    free(g->edge);
    g->edge = NULL;
}

int infergraph_has(const infer_graph *g, int from, int to)
{
    return g->edge[(size_t)to * g->n + from];
}

void infergraph_set(infer_graph *g, int from, int to, int on)
{
    g->edge[(size_t)to * g->n + from] = (unsigned char)(on != 0);
}

int infergraph_edges(const infer_graph *g)
{
    int count = 0;
    for (size_t k = 0; k < (size_t)g->n * g->n; k++)
        count += g->edge[k];
    return count;
}

int infergraph_needs(const infer_graph *g, int to)
{
    int count = 0;
    for (int j = 0; j < g->n; j++)
        count += infergraph_has(g, j, to);
    return count;
}

int infergraph_same(const infer_graph *a, const infer_graph *b)
{
    return a->n == b->n && memcmp(a->edge, b->edge, (size_t)a->n * a->n) == 0;
}

static ast_expr *new_expr(arena *a, ast_expr_kind kind, loc at)
{
    ast_expr *e = arena_alloc(a, sizeof *e);
    e->kind = kind;
    e->at = at;
    return e;
}

const ast_expr *infergraph_gate(const ir_model *m, arena *a, loc at)
{
    if (m->resolved.gate)
        return m->resolved.gate;
    ast_expr *fn = new_expr(a, E_NAME, at), *gamma = new_expr(a, E_NUM, at);
    fn->u.name = "sharp";
    gamma->u.num = 0.01;
    ast_setting *arg = arena_alloc(a, sizeof *arg);
    arg->value = gamma;
    ast_expr *call = new_expr(a, E_CALL, at);
    call->u.call.fn = fn;
    ast_vec_push(a, &call->u.call.args, arg);
    return call;
}

/* j1 and j2 and ...: a left-leaning AND tree of TO's prerequisites. */
static ir_dep *needs_tree(const infer_graph *g, int to, arena *a)
{
    ir_dep *tree = NULL;
    for (int j = 0; j < g->n; j++) {
        if (!infergraph_has(g, j, to))
            continue;
        ir_dep *leaf = arena_alloc(a, sizeof *leaf);
        leaf->kind = DEP_SKILL;
        leaf->skill = j;
        if (!tree) {
            tree = leaf;
            continue;
        }
        ir_dep *both = arena_alloc(a, sizeof *both);
        both->kind = DEP_AND;
        both->a = tree;
        both->b = leaf;
        tree = both;
    }
    return tree;
}

expr_prog **infergraph_factors(eval_ctx *ev, const infer_graph *g, const ast_expr *gate, arena *a)
{
    expr_prog **factor = arena_alloc(a, ((size_t)g->n + 1) * sizeof *factor);
    expr_scope sc = {run_lookup, ev, 1, 1, 0, 0, 0, "gate", ev->d, a, NULL, NULL};
    for (int i = 0; i < g->n; i++) {
        const ir_dep *tree = needs_tree(g, i, a);
        if (tree && !(factor[i] = expr_compile_needs(&sc, tree, gate)))
            return NULL;
    }
    return factor;
}

const char *infergraph_needs_text(const ir_program *ir, const infer_graph *g, int to, arena *a)
{
    const char *text = NULL;
    for (int j = 0; j < g->n; j++)
        if (infergraph_has(g, j, to))
            text = text ? arena_printf(a, "%s and %s", text, ir->skills[j].name)
                        : arena_printf(a, "%s needs %s", ir->skills[to].name, ir->skills[j].name);
    return text;
}
