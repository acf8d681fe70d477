#include "infer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fitresult.h"
#include "fitspec.h"
#include "graph.h"
#include "infersearch.h"
#include "table.h"

enum { INFER_MIN_ROWS = 3, INFER_RUNNERS_UP = 10, INFER_DEFAULT_MAX = 3 };

/* What the syntax asked for, evaluated. */
typedef struct infer_args {
    int model;
    const result *data;
    fitspec spec;               /* the fit every candidate makes: vary items, fit's clauses */
    char *chosen;               /* per program skill: named by `skills [...]` (NULL: all) */
    int max_needs;              /* 0: the default */
} infer_args;

static const ast_fitclause *clause(const ast_expr *e, const char *word)
{
    for (int i = 0; i < e->u.infer.clauses.n; i++) {
        const ast_fitclause *k = e->u.infer.clauses.items[i];
        if (strcmp(k->word, word) == 0)
            return k;
    }
    return NULL;
}

static int eval_model(eval_ctx *ev, const ast_expr *e, int *model)
{
    if (fitspec_model(ev, e, "infer", model) != 0)
        return -1;
    const ir_model *m = &ev->ir->models[*model];
    if (m->kind != MODEL_RESOURCE) {
        diag_error(ev->d, e->at, "'infer' searches the dependencies of a resource model; '%s' is a %s model",
                   m->name, ir_model_kind_name(m->kind));
        diag_hint(ev->d, "run it, then infer on a resource model with the same skills: "
                  "let r = run %s for ... steps; infer R from r", m->name);
        return -1;
    }
    return 0;
}

static int eval_max(eval_ctx *ev, const ast_fitclause *s, infer_args *a)
{
    double x;
    if (!s)
        return 0;
    if (eval_number(ev, s->value, "'max'", &x) != 0)
        return -1;
    if (!(x >= 1 && x <= 1e6 && x == floor(x))) {
        diag_error(ev->d, s->value->at, "'max' bounds each skill's prerequisites: a whole number of at least 1");
        return -1;
    }
    a->max_needs = (int)x;
    return 0;
}

static int model_has(const ir_model *m, int skill)
{
    for (int k = 0; k < m->resolved.nskills; k++)
        if (m->resolved.skills[k] == skill)
            return 1;
    return 0;
}

/* The skills `skills [...]` named (the fit's), each in the model and the data. */
static int choose_skills(eval_ctx *ev, const ast_expr *e, infer_args *a)
{
    const fit_problem *p = &a->spec.problem;
    if (!p->skills)
        return 0;
    a->chosen = calloc((size_t)ev->ir->nskills + 1, 1);
    if (!a->chosen)
        abort();
    const ir_model *m = &ev->ir->models[a->model];
    for (int k = 0; k < p->nskills; k++) {
        const char *name = ev->ir->skills[p->skills[k]].name;
        if (!model_has(m, p->skills[k]) || result_skill(a->data, name) < 0) {
            diag_error(ev->d, clause(e, "skills")->value->at, "'skills' names %s, which %s", name,
                       model_has(m, p->skills[k]) ? "the data do not have" : "the model does not have");
            return -1;
        }
        a->chosen[p->skills[k]] = 1;
    }
    return 0;
}

/* The fit every candidate makes, from the vary items and fit's clauses
 * (all but `max`). */
static int build_fit(eval_ctx *ev, const ast_expr *e, value data, infer_args *a)
{
    const ast_vec *all = &e->u.infer.clauses;
    ast_vec fits = {calloc((size_t)all->n + 1, sizeof(void *)), 0, all->n};
    if (!fits.items)
        abort();
    for (int i = 0; i < all->n; i++)
        if (strcmp(((const ast_fitclause *)all->items[i])->word, "max") != 0)
            fits.items[fits.n++] = all->items[i];
    int rc = fitspec_build_value(ev, a->model, data, e->u.infer.data->at, &e->u.infer.vary, &fits, e->at,
                                 &a->spec);
    free(fits.items);
    if (rc != 0)
        return -1;
    rc = choose_skills(ev, e, a);
    if (rc == 0)
        rc = eval_max(ev, clause(e, "max"), a);
    return rc;
}

/* The skills searched: the model's that the data have (and `skills`
 * names), in declaration order. */
static int *search_nodes(eval_ctx *ev, const infer_args *a, int *n)
{
    const ir_model *m = &ev->ir->models[a->model];
    int *nodes = calloc((size_t)ev->ir->nskills + 1, sizeof *nodes);
    if (!nodes)
        abort();
    *n = 0;
    for (int i = 0; i < ev->ir->nskills; i++) {
        if (model_has(m, i) && result_skill(a->data, ev->ir->skills[i].name) >= 0 &&
            (!a->chosen || a->chosen[i]))
            nodes[(*n)++] = i;
    }
    return nodes;
}

static int check_nodes(eval_ctx *ev, const ast_expr *e, const infer_args *a, int nnodes)
{
    const ir_model *m = &ev->ir->models[a->model];
    if (nnodes < 2) {
        diag_error(ev->d, e->at, "'infer' needs two skills or more that both '%s' and the data have; "
                   "they share %s", m->name, nnodes ? "one" : "none");
        diag_hint(ev->d, "the data's columns are matched to the model's skills by name");
        return -1;
    }
    if (a->data->nrec < INFER_MIN_ROWS) {
        diag_error(ev->d, e->u.infer.data->at, "the data have %d recorded row%s; 'infer' needs %d or more",
                   a->data->nrec, a->data->nrec == 1 ? "" : "s", INFER_MIN_ROWS);
        return -1;
    }
    return 0;
}

/* Each skill's first step at LEVEL in the data; NAN if never. */
static double *steps_to(eval_ctx *ev, const result *data, double level)
{
    double *t = calloc((size_t)ev->ir->nskills + 1, sizeof *t);
    if (!t)
        abort();
    for (int i = 0; i < ev->ir->nskills; i++) {
        int k = result_skill(data, ev->ir->skills[i].name);
        t[i] = k >= 0 ? result_time_to(data, k, level) : NAN;
    }
    return t;
}

/* ---- the record ---- */

static value text_value(const char *s)
{
    return value_str(s, strlen(s));
}

static value needs_list(eval_ctx *ev, const infer_found *f)
{
    arena *a = arena_new();
    int n = 0;
    const char **lines = arena_alloc(a, ((size_t)ev->ir->nskills + 1) * sizeof *lines);
    for (int i = 0; i < ev->ir->nskills; i++)
        if ((lines[n] = infergraph_needs_text(ev->ir, &f->best, i, a)))
            n++;
    value list = value_list(n);
    for (int k = 0; k < n; k++)
        list.u.obj->u.list.items[k] = text_value(lines[k]);
    arena_free(a);
    return list;
}

static value skill_value(int index)
{
    value v = {V_SKILL, {0}};
    v.u.index = index;
    return v;
}

static value make_table(const char *const *keys, value *columns, int ncols)
{
    value t = value_table(ncols);
    for (int c = 0; c < ncols; c++) {
        t.u.obj->u.rec.keys[c] = keys[c];
        t.u.obj->u.rec.vals[c] = columns[c];
    }
    return t;
}

/* from, to, delta_bic: the inferred edges, prerequisite first. */
static value edges_table(eval_ctx *ev, const infer_found *f)
{
    static const char *const keys[] = {"from", "to", "delta_bic"};
    int n = infergraph_edges(&f->best), row = 0, count = ev->ir->nskills;
    value *from = calloc((size_t)n + 1, sizeof *from), *to = calloc((size_t)n + 1, sizeof *to);
    value delta = value_vec(n);
    for (int i = 0; i < count; i++)
        for (int j = 0; j < count; j++)
            if (infergraph_has(&f->best, j, i)) {
                from[row] = skill_value(j);
                to[row] = skill_value(i);
                delta.u.obj->u.vec.x[row++] = infer_edge_evidence(f, j, i);
            }
    value columns[] = {table_column_of(from, n), table_column_of(to, n), delta};
    free(from);
    free(to);
    return make_table(keys, columns, 3);
}

/* change, delta_bic: the graphs one edge away from the best, closest first. */
static value runners_up_table(eval_ctx *ev, const infer_found *f)
{
    static const char *const keys[] = {"change", "delta_bic"};
    int n = f->nchanges < INFER_RUNNERS_UP ? f->nchanges : INFER_RUNNERS_UP;
    value change = value_list(n), delta = value_vec(n);
    for (int k = 0; k < n; k++) {
        const infer_change *c = &f->changes[k];
        char text[256];
        snprintf(text, sizeof text, "%s %s needs %s", c->added ? "add" : "drop",
                 ev->ir->skills[c->to].name, ev->ir->skills[c->from].name);
        change.u.obj->u.list.items[k] = text_value(text);
        delta.u.obj->u.vec.x[k] = c->delta_bic;
    }
    value columns[] = {change, delta};
    return make_table(keys, columns, 2);
}

static const char *const record_keys[] = {"graph", "edges", "runners_up", "bic", "candidates",
                                          "fit", "run"};
enum { RECORD_FIELDS = sizeof record_keys / sizeof *record_keys };

/* The fit's record (fit's format) takes the best graph's run; `run` is a copy. */
static value make_record(eval_ctx *ev, const fitspec *spec, infer_found *f)
{
    value run = value_result(result_copy(f->fit.runs[0]));
    value fields[RECORD_FIELDS] = {
        needs_list(ev, f), edges_table(ev, f), runners_up_table(ev, f), value_num(f->bic),
        value_num(f->candidates), fitresult_record(ev, spec, &f->fit, 0), run,
    };
    value r = value_record(RECORD_FIELDS);
    for (int k = 0; k < RECORD_FIELDS; k++) {
        r.u.obj->u.rec.keys[k] = record_keys[k];
        r.u.obj->u.rec.vals[k] = fields[k];
    }
    return r;
}

/* Only infer makes a record whose first key is this very string. */
int infer_is_record(value v)
{
    return v.kind == V_RECORD && v.u.obj->u.rec.n == RECORD_FIELDS &&
           v.u.obj->u.rec.keys[0] == record_keys[0];
}

const char *const *infer_record_keys(int *n)
{
    *n = RECORD_FIELDS;
    return record_keys;
}

static value field(value rec, const char *key)
{
    for (int k = 0; k < rec.u.obj->u.rec.n; k++)
        if (strcmp(rec.u.obj->u.rec.keys[k], key) == 0)
            return rec.u.obj->u.rec.vals[k];
    return (value){V_NONE, {0}};
}

const result *infer_record_run(value rec)
{
    return field(rec, "run").u.obj->u.res;
}

const graph_dep *infer_graph_needs(value rec, int skill, const int *node_of, arena *a)
{
    value edges = field(rec, "edges");
    value from = table_column(edges, 0), to = table_column(edges, 1);
    int n = table_nrows(edges), k = 0;
    const graph_dep **args = arena_alloc(a, ((size_t)n + 1) * sizeof *args);
    for (int row = 0; row < n; row++) {
        if (to.u.obj->u.list.items[row].u.index != skill)
            continue;
        graph_dep *leaf = arena_alloc(a, sizeof *leaf);
        leaf->kind = GDEP_SKILL;
        leaf->skill = node_of[from.u.obj->u.list.items[row].u.index];
        args[k++] = leaf;
    }
    if (k < 2)
        return k ? args[0] : NULL;
    graph_dep *all = arena_alloc(a, sizeof *all);
    all->kind = GDEP_AND;
    all->nargs = k;
    all->args = args;
    return all;
}

/* ---- infer ---- */

static int search_and_record(eval_ctx *ev, const ast_expr *e, infer_args *a, value *out)
{
    int nnodes;
    int *nodes = search_nodes(ev, a, &nnodes);
    double *learned = steps_to(ev, a->data, INFER_ORDER_LEVEL);
    double *start = steps_to(ev, a->data, INFER_START_LEVEL), *done = steps_to(ev, a->data, INFER_DONE_LEVEL);
    arena *gates = arena_new();
    infer_spec spec = {
        a->spec.problem, infergraph_gate(&ev->ir->models[a->model], gates, e->at), nodes, nnodes,
        learned, start, done, a->max_needs ? a->max_needs : INFER_DEFAULT_MAX,
    };
    infer_found found;
    int rc = check_nodes(ev, e, a, nnodes);
    if (rc == 0)
        rc = infer_search(ev, &spec, &found);
    if (rc == 0) {
        fitresult_remarks(ev, &a->spec, &found.fit);
        *out = make_record(ev, &a->spec, &found);
        infer_found_free(&found);
    }
    arena_free(gates);
    free(learned);
    free(start);
    free(done);
    free(nodes);
    return rc;
}

int infer_eval(eval_ctx *ev, const ast_expr *e, value *out)
{
    infer_args a = {0};
    value data = {V_NONE, {0}};
    int rc = eval_model(ev, e->u.infer.model, &a.model);
    if (rc == 0 && (rc = eval_expr(ev, e->u.infer.data, &data)) == 0 && data.kind != V_RESULT) {
        diag_error(ev->d, e->u.infer.data->at, "'infer ... from' needs a run result (a run, "
                   "loaded curves or noisy(...)), not %s", value_kind_name(data.kind));
        rc = -1;
    }
    if (rc == 0) {
        a.data = data.u.obj->u.res;
        rc = build_fit(ev, e, data, &a);
    }
    if (rc == 0)
        rc = search_and_record(ev, e, &a, out);
    fitspec_free(&a.spec);
    free(a.chosen);
    value_release(data);
    return rc;
}
