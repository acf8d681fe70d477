#include "interp.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "eval.h"
#include "graph.h"
#include "infer.h"
#include "output.h"
#include "plotstmt.h"
#include "progress.h"
#include "result.h"
#include "sweepmpi.h"
#include "sweeppoint.h"

typedef struct interp {
    ir_program *ir;
    const interp_options *opt;
    eval_ctx ev;
    scope globals;              /* `let` bindings at the top level */
    FILE *out;                  /* where print writes: stdout, or a sweep point's buffer */
    int in_point;               /* running a sweep's point: its sweeps are its own */
} interp;

/* ---- dependency graphs ---- */

/* AND/OR chains become one n-ary junction: `A and B and C` has three inputs. */
static int count_args(const ir_dep *d, ast_dep_kind kind)
{
    return d->kind == kind ? count_args(d->a, kind) + count_args(d->b, kind) : 1;
}

static graph_dep *convert_dep(arena *a, const ir_dep *d, const int *node_of);

static void fill_args(arena *a, const ir_dep *d, ast_dep_kind kind, const int *node_of,
                      const graph_dep **args, int *n)
{
    if (d->kind == kind) {
        fill_args(a, d->a, kind, node_of, args, n);
        fill_args(a, d->b, kind, node_of, args, n);
    } else {
        args[(*n)++] = convert_dep(a, d, node_of);
    }
}

static graph_dep *convert_dep(arena *a, const ir_dep *d, const int *node_of)
{
    graph_dep *g = arena_alloc(a, sizeof *g);
    static const graph_dep_kind kinds[] = {
        [DEP_SKILL] = GDEP_SKILL, [DEP_AND] = GDEP_AND, [DEP_OR] = GDEP_OR, [DEP_NOT] = GDEP_NOT};
    g->kind = kinds[d->kind];
    if (d->kind == DEP_SKILL) {
        g->skill = node_of[d->skill];
        return g;
    }
    int n = d->kind == DEP_NOT ? 1 : count_args(d, d->kind);
    const graph_dep **args = arena_alloc(a, (size_t)n * sizeof *args);
    int k = 0;
    if (d->kind == DEP_NOT)
        args[k++] = convert_dep(a, d->a, node_of);
    else
        fill_args(a, d, d->kind, node_of, args, &k);
    g->nargs = k;
    g->args = args;
    return g;
}

static const char *freq_label(arena *a, const ir_skill *sk)
{
    const ast_expr *e = sk->freq_ast;
    return arena_strndup(a, e->at.src->text + e->at.off, e->at.end - e->at.off);
}

static int graph_at(const ir_program *ir, int model, const result *run, value inferred, const char *path,
                    FILE *out, const output_policy *policy, diag *d, const loc *at);

int interp_graph(const ir_program *ir, int model, const char *path, FILE *out,
                 const cancel_token *cancel, diag *d)
{
    output_policy policy = {cancel, 0, NULL};
    return graph_at(ir, model, NULL, (value){V_NONE, {0}}, path, out, &policy, d, NULL);
}

/* A skill counts as learned at this level, as time_to(r, X, 0.9) says. */
static const graph_timing learned = {0.9};

/* Each node's learning step in RUN, for the skills RUN has. */
static void time_nodes(graph_skill *nodes, int count, const result *run)
{
    for (int i = 0; i < count; i++) {
        int k = result_skill(run, nodes[i].name);
        nodes[i].timed = k >= 0;
        nodes[i].learned_at = k >= 0 ? result_time_to(run, k, learned.level) : NAN;
    }
}

/* AT: where the output file is named, for a write error; NULL on the
 * command line.  RUN, if not NULL, annotates the graph.  INFERRED, if an
 * `infer` record, gives the needs instead of the program's. */
static int graph_at(const ir_program *ir, int model, const result *run, value inferred, const char *path,
                    FILE *out, const output_policy *policy, diag *d, const loc *at)
{
    int n = ir->nskills;
    char *used = calloc((size_t)n + 1, 1);
    int *node_of = calloc((size_t)n + 1, sizeof *node_of);
    if (model < 0)
        memset(used, 1, (size_t)n);
    else
        for (int k = 0; k < ir->models[model].resolved.nskills; k++)
            used[ir->models[model].resolved.skills[k]] = 1;
    /* Prerequisites of shown skills are shown too, transitively: a skill's
     * reads list its needs and what its gate reads. */
    int *work = malloc(((size_t)n + 1) * sizeof *work), nwork = 0;
    for (int i = 0; i < n; i++)
        if (used[i])
            work[nwork++] = i;
    while (nwork > 0 && inferred.kind == V_NONE) {
        const ir_skill *sk = &ir->skills[work[--nwork]];
        for (int j = 0; j < sk->nreads; j++)
            if (!used[sk->reads[j]]) {
                used[sk->reads[j]] = 1;
                work[nwork++] = sk->reads[j];
            }
    }
    free(work);
    arena *a = arena_new();
    graph_skill *nodes = arena_alloc(a, ((size_t)n + 1) * sizeof *nodes);
    int count = 0;
    for (int i = 0; i < n; i++)
        if (used[i])
            node_of[i] = count++;
    for (int i = 0; i < n; i++) {
        if (!used[i])
            continue;
        const ir_skill *sk = &ir->skills[i];
        graph_skill *g = &nodes[node_of[i]];
        g->name = sk->name;
        g->freq = freq_label(a, sk);
        if (inferred.kind != V_NONE) {
            g->needs = infer_graph_needs(inferred, i, node_of, a);
            continue;
        }
        g->needs = sk->needs && !sk->gate_ast ? convert_dep(a, sk->needs, node_of) : NULL;
        if (sk->gate_ast) {
            int *reads = arena_alloc(a, ((size_t)sk->nreads + 1) * sizeof *reads);
            for (int j = 0; j < sk->nreads; j++)
                reads[j] = node_of[sk->reads[j]];
            g->gate_reads = reads;
            g->ngate_reads = sk->nreads;
        }
    }
    if (run)
        time_nodes(nodes, count, run);
    char err[1024];
    const char *title = model < 0 ? NULL
                      : inferred.kind != V_NONE ? arena_printf(a, "%s, needs inferred", ir->models[model].name)
                                                : ir->models[model].name;
    const graph_timing *timing = run ? &learned : NULL;
    int rc = path ? graph_write(nodes, count, title, timing, path, policy, err, sizeof err)
                  : graph_write_stream(nodes, count, title, timing, "dot", out, err, sizeof err);
    if (rc != 0 && cancel_requested(output_cancel(policy)))
        ;                       /* stopped: the caller reports the signal */
    else if (rc != 0 && at)
        diag_error(d, *at, "%s", err);
    else if (rc != 0)
        diag_fail(d, "%s", err);
    arena_free(a);
    free(used);
    free(node_of);
    return rc;
}

/* ---- statements ---- */

/* A file written outside sweep points on an MPI job: the first process
 * writes it, the others discard theirs, and all go on with the first's
 * outcome, once it has the file in place (a later `load` may read it). */
static int written(interp *in, int rc)
{
    return in->opt->collective && !in->in_point ? cluster_share(rc) : rc;
}

static int eval_path(interp *in, const ast_expr *e, char **path)
{
    value v;
    if (eval_expr(&in->ev, e, &v) != 0)
        return -1;
    if (v.kind != V_STR || v.u.obj->u.str.len == 0) {
        diag_error(in->ev.d, e->at, "an output file name must be a non-empty string, not %s",
                   v.kind == V_STR ? "an empty one" : value_kind_name(v.kind));
        value_release(v);
        return -1;
    }
    *path = output_path(in->opt->outdir, v.u.obj->u.str.text);
    value_release(v);
    return 0;
}

/* Outputs discarded: the graph is built and written as DOT to nowhere. */
static int graph_discarded(interp *in, int model, const result *run, value inferred)
{
    FILE *sink = fopen("/dev/null", "w");
    if (!sink) {
        diag_fail(in->ev.d, "cannot open /dev/null");
        return -1;
    }
    output_policy policy = {in->ev.cancel, 0, NULL};
    int rc = graph_at(in->ir, model, run, inferred, NULL, sink, &policy, in->ev.d, NULL);
    fclose(sink);
    return rc;
}

/* The model a run was made by, or -1 (data from elsewhere): its graph. */
static int model_of_run(const ir_program *ir, const result *r)
{
    for (int k = 0; r->model && k < ir->nmodels; k++)
        if (strcmp(ir->models[k].name, r->model) == 0)
            return k;
    return -1;
}

/* `graph`, `graph M` or `graph r`: *MODEL and *RUN (NULL, or retained in *HELD). */
static int graph_subject(interp *in, const ast_stmt *s, int *model, value *held)
{
    *model = -1;
    *held = (value){V_NONE, {0}};
    if (!s->value)
        return 0;
    value v;
    if (eval_expr(&in->ev, s->value, &v) != 0)
        return -1;
    if (v.kind == V_MODEL) {
        *model = v.u.index;
        return 0;
    }
    if (v.kind == V_RESULT || infer_is_record(v)) {
        *model = model_of_run(in->ir, v.kind == V_RESULT ? v.u.obj->u.res : infer_record_run(v));
        *held = v;
        return 0;
    }
    diag_error(in->ev.d, s->value->at, "'graph' takes a model, a run result or what 'infer' found, not %s",
               value_kind_name(v.kind));
    value_release(v);
    return -1;
}

static int exec_graph(interp *in, const ast_stmt *s)
{
    int model;
    value held;
    if (graph_subject(in, s, &model, &held) != 0)
        return -1;
    const result *run = held.kind == V_RESULT ? held.u.obj->u.res
                      : held.kind == V_RECORD ? infer_record_run(held) : NULL;
    value inferred = held.kind == V_RECORD ? held : (value){V_NONE, {0}};
    char *path = NULL;
    int rc = eval_path(in, s->u.out.path, &path);
    if (rc == 0 && !graph_format_known(path)) {
        diag_error(in->ev.d, s->u.out.path->at, "unknown graph format for '%s'", path);
        diag_hint(in->ev.d, "use a file name ending in .dot, .svg, .png or .pdf");
        rc = -1;
    }
    if (rc == 0)
        rc = in->ev.output->discard ? graph_discarded(in, model, run, inferred)
                              : graph_at(in->ir, model, run, inferred, path, NULL, in->ev.output,
                                         in->ev.d, &s->u.out.path->at);
    free(path);
    value_release(held);
    return written(in, rc);
}

static int exec_save(interp *in, const ast_stmt *s)
{
    value v, path;
    if (eval_expr(&in->ev, s->value, &v) != 0)
        return -1;
    int rc = -1;
    if (v.kind != V_RESULT && v.kind != V_TABLE) {
        diag_error(in->ev.d, s->value->at, "'save' writes run results and tables, not %s",
                   value_kind_name(v.kind));
    } else if (eval_expr(&in->ev, s->u.out.path, &path) == 0) {
        if (path.kind != V_STR || path.u.obj->u.str.len == 0)
            diag_error(in->ev.d, s->u.out.path->at, "an output file name must be a non-empty string");
        else if (v.kind == V_TABLE)
            rc = output_save_table(in->ev.d, s->u.out.path->at, in->opt->outdir,
                                   path.u.obj->u.str.text, in->ir, v, in->ev.output);
        else
            rc = output_save_result(in->ev.d, s->u.out.path->at, in->opt->outdir,
                                    path.u.obj->u.str.text, v.u.obj->u.res, in->ev.output);
        value_release(path);
    }
    value_release(v);
    return written(in, rc);
}

/* ---- plots ---- */

static int exec_plot(interp *in, const ast_stmt *s)
{
    value v;
    if (eval_expr(&in->ev, s->value, &v) != 0)
        return -1;
    char *path = NULL;
    int rc = -1;
    if (!plotstmt_drawable(v))
        diag_error(in->ev.d, s->value->at, "'plot' draws run results and tables, not %s",
                   value_kind_name(v.kind));
    else if (eval_path(in, s->u.out.path, &path) == 0)
        rc = plotstmt_draw(&in->ev, s, v, path);
    free(path);
    value_release(v);
    return written(in, rc);
}

/* Standard output that cannot take what was written (a full disk, a
 * closed terminal) is an error, reported once. */
static int check_stdout(output_tracker *t, diag *d, const loc *at)
{
    int errnum;
    if (output_stream_check(stdout, t, &errnum) == 0)
        return 0;
    if (at)
        diag_error(d, *at, "cannot write standard output: %s", strerror(errnum));
    else
        diag_fail(d, "cannot write standard output: %s", strerror(errnum));
    return -1;
}

static int exec_print(interp *in, const ast_stmt *s)
{
    const ast_vec *args = &s->u.print.args;
    value *vals = calloc((size_t)args->n + 1, sizeof *vals);
    int rc = 0, got = 0;
    for (; got < args->n && rc == 0; got++)
        rc = eval_expr(&in->ev, args->items[got], &vals[got]);
    if (rc == 0) {              /* all or nothing: no half-printed lines */
        for (int i = 0; i < args->n; i++) {
            if (i)
                fputc(' ', in->out);
            output_value(in->out, in->ir, vals[i]);
        }
        fputc('\n', in->out);
        if (in->out == stdout)
            rc = check_stdout(in->opt->tracker, in->ev.d, &s->at);
    } else {
        got--;
    }
    for (int i = 0; i < got; i++)
        value_release(vals[i]);
    free(vals);
    return rc;
}

static int exec_assign(interp *in, const ast_stmt *s)
{
    value v;
    if (eval_expr(&in->ev, s->value, &v) != 0)
        return -1;
    scope_var *var = scope_find(in->ev.locals, s->name);
    if (var) {
        value_release(var->v);
        var->v = v;
        return 0;
    }
    if (eval_set_param(&in->ev, ir_find_param(in->ir, s->name), v, 1) != 0)
        return -1;
    return eval_check_family_sizes(&in->ev, s->name_loc, s->name);
}

/* ---- sweeps (sequential; each point's rows in order) ---- */

static int exec_stmt(interp *in, const ast_stmt *s);

static int exec_row(interp *in, const ast_stmt *s)
{
    rows *t = in->ev.rows;
    const ast_vec *fields = &s->u.row.fields;
    if (t->nrows == 0 && t->ncols == 0) {
        t->ncols = fields->n;
        t->names = malloc(((size_t)fields->n + 1) * sizeof *t->names);
        for (int i = 0; i < fields->n; i++)
            t->names[i] = ((ast_setting *)fields->items[i])->key;
        t->first_at = s->at;
    }
    int same = fields->n == t->ncols;
    for (int i = 0; same && i < fields->n; i++)
        same = strcmp(((ast_setting *)fields->items[i])->key, t->names[i]) == 0;
    if (!same) {
        diag_error(in->ev.d, s->at, "this row's fields differ from the first row's");
        diag_note(in->ev.d, &t->first_at, "the first row of this sweep");
        return -1;
    }
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->cells = realloc(t->cells, (size_t)t->cap * t->ncols * sizeof *t->cells);
        if (!t->cells)
            abort();
    }
    value *row = t->cells + (size_t)t->nrows * t->ncols;
    for (int i = 0; i < fields->n; i++) {
        if (eval_expr(&in->ev, ((ast_setting *)fields->items[i])->value, &row[i]) != 0) {
            for (int j = 0; j < i; j++)
                value_release(row[j]);
            return -1;
        }
    }
    t->nrows++;
    return 0;
}

/* Columns of numbers become vectors; others lists. */
static value rows_to_table(rows *t)
{
    value tab = value_table(t->ncols);
    for (int c = 0; c < t->ncols; c++) {
        int numeric = 1;
        for (int r = 0; r < t->nrows; r++)
            numeric &= value_is_number(t->cells[(size_t)r * t->ncols + c]);
        value col = numeric ? value_vec(t->nrows) : value_list(t->nrows);
        for (int r = 0; r < t->nrows; r++) {
            value v = t->cells[(size_t)r * t->ncols + c];
            if (numeric)
                col.u.obj->u.vec.x[r] = v.u.num;
            else
                col.u.obj->u.list.items[r] = value_retain(v);
        }
        tab.u.obj->u.rec.keys[c] = t->names[c];
        tab.u.obj->u.rec.vals[c] = col;
    }
    return tab;
}

static int values_of(interp *in, const ast_sweepvar *v, value *out)
{
    if (eval_expr(&in->ev, v->values, out) != 0)
        return -1;
    if (out->kind == V_VEC || out->kind == V_LIST)
        return 0;
    diag_error(in->ev.d, v->values->at, "a sweep's '%s' needs a list of values, not %s", v->name,
               value_kind_name(out->kind));
    value_release(*out);
    return -1;
}

static int count_of(value v)
{
    return v.kind == V_VEC ? v.u.obj->u.vec.n : v.u.obj->u.list.n;
}

static value item_of(value v, int i)
{
    return v.kind == V_VEC ? value_num(v.u.obj->u.vec.x[i]) : value_retain(v.u.obj->u.list.items[i]);
}

/* ---- sweep points: each runs alone, from the state the sweep began in,
 * with its own parameters, rows, printed text and diagnostics; the points'
 * outputs are joined in order, so -j changes the time, never the result. */

typedef struct sweep_job {
    interp *parent;
    const ast_expr *e;
    const value *lists;
    long npoints;
    point *points;
    long next;                  /* the next point to take (atomic) */
    long done;                  /* points finished (atomic) */
    long steps;                 /* model steps the points' runs finished (atomic) */
    progress *prog;             /* drawn by the calling thread only */
    int shared;                 /* points spread over an MPI job's processes */
    valueser_names *names;      /* shared: names in the points read back */
    par_sweep *par;             /* shared: the job's side of the sweep */
    cancel_token stop;          /* shared: what the points poll (see point_stopped) */
} sweep_job;

static int count_of(value v);
static value item_of(value v, int i);

/* Point INDEX's value of each variable: the last variable changes fastest. */
static void point_values(const sweep_job *job, long index, int *at)
{
    const ast_vec *vars = &job->e->u.sweep.vars;
    for (int k = vars->n - 1; k >= 0; k--) {
        int n = count_of(job->lists[k]);
        at[k] = (int)(index % n);
        index /= n;
    }
}

static ir_param *copy_params(const ir_program *ir, const ir_param *from)
{
    ir_param *p = malloc(((size_t)ir->nparams + 1) * sizeof *p);
    if (!p)
        abort();
    for (int i = 0; i < ir->nparams; i++) {
        p[i] = from[i];
        p[i].val = value_retain(from[i].val);
    }
    return p;
}

static void free_params(const ir_program *ir, ir_param *p)
{
    for (int i = 0; i < ir->nparams; i++)
        value_release(p[i].val);
    free(p);
}

static void run_point(sweep_job *job, long index, int nested_threads)
{
    interp *parent = job->parent;
    const ast_expr *e = job->e;
    const ast_vec *vars = &e->u.sweep.vars;
    point *pt = &job->points[index];
    FILE *out = open_memstream(&pt->out, &pt->outlen), *err = open_memstream(&pt->err, &pt->errlen);
    if (!out || !err)
        abort();
    diag d = *parent->ev.d;
    d.out = err;
    d.nerrors = d.shown = 0;
    if (d.sink.put) {           /* held, and replayed in order by the caller */
        pt->log = diag_log_new();
        d.sink = diag_log_sink(pt->log);
    }
    interp w = *parent;
    w.out = out;
    w.ev.d = &d;
    w.ev.host = &w;
    w.ev.rows = &pt->t;
    w.ev.threads = nested_threads;
    w.ev.quiet = nested_threads == 1 ? 1 : parent->ev.quiet;
    w.ev.progress = NULL;       /* the sweep reports its points instead */
    w.ev.params = copy_params(parent->ir, parent->ev.params);
    w.ev.steps_done = parent->ev.steps_done ? parent->ev.steps_done : &job->steps;
    w.in_point = 1;
    output_policy kept = {&job->stop, 0, NULL};
    if (job->shared) {          /* its files go with it to the process that writes */
        kept.capture = pt->files = output_capture_new();
        w.ev.output = &kept;
        w.ev.cancel = &job->stop;
    }
    int at[64];
    point_values(job, index, at);
    scope frame = {parent->ev.locals, NULL, 0, 0, 0};
    int rc = 0;
    const ast_sweepvar *param_var = NULL;
    for (int k = 0; k < vars->n && rc == 0; k++) {
        const ast_sweepvar *v = vars->items[k];
        int p = scope_find(parent->ev.locals, v->name) ? -1 : ir_find_param(parent->ir, v->name);
        if (p >= 0) {
            rc = eval_set_param(&w.ev, p, item_of(job->lists[k], at[k]), 1);
            param_var = v;
        } else {
            scope_bind(&frame, v->name, item_of(job->lists[k], at[k]));
        }
    }
    if (rc == 0 && param_var)
        rc = eval_check_family_sizes(&w.ev, param_var->name_loc, param_var->name);
    w.ev.locals = &frame;
    for (int i = 0; i < e->u.sweep.body.n && rc == 0; i++)
        rc = exec_stmt(&w, e->u.sweep.body.items[i]);
    scope_clear(&frame);
    free_params(parent->ir, w.ev.params);
    fclose(out);
    fclose(err);
    pt->rc = rc;
    pt->nerrors = d.nerrors;
    pt->status = d.status;
}

/* Adds a point's rows to the sweep's; all rows have the first row's fields. */
static int append_rows(interp *in, rows *all, rows *t)
{
    if (t->nrows == 0)
        return 0;
    if (all->ncols == 0 && all->nrows == 0) {
        all->ncols = t->ncols;
        all->names = malloc(((size_t)t->ncols + 1) * sizeof *all->names);
        memcpy(all->names, t->names, (size_t)t->ncols * sizeof *all->names);
        all->first_at = t->first_at;
    }
    int same = t->ncols == all->ncols;
    for (int i = 0; same && i < t->ncols; i++)
        same = strcmp(t->names[i], all->names[i]) == 0;
    if (!same) {
        diag_error(in->ev.d, t->first_at, "this row's fields differ from the first row's");
        diag_note(in->ev.d, &all->first_at, "the first row of this sweep");
        return -1;
    }
    if (all->nrows + t->nrows > all->cap) {
        all->cap = 2 * (all->nrows + t->nrows);
        all->cells = realloc(all->cells, (size_t)all->cap * all->ncols * sizeof *all->cells);
        if (!all->cells)
            abort();
    }
    for (int i = 0; i < t->nrows * t->ncols; i++)
        all->cells[(size_t)all->nrows * all->ncols + i] = value_retain(t->cells[i]);
    all->nrows += t->nrows;
    return 0;
}

/* The next point to run, or -1 when all are taken or the sweep is stopped. */
static long take_point(sweep_job *job)
{
    if (cancel_requested(job->parent->ev.cancel))
        return -1;
    long i = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED);
    return i < job->npoints ? i : -1;
}

static void *sweep_worker(void *arg)
{
    sweep_job *job = arg;
    long i;
    while ((i = take_point(job)) >= 0) {
        run_point(job, i, 1);
        __atomic_add_fetch(&job->done, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

/* The calling thread works too, and alone updates the progress line. */
static void sweep_main_worker(sweep_job *job)
{
    long i;
    while ((i = take_point(job)) >= 0) {
        run_point(job, i, 1);
        long done = __atomic_add_fetch(&job->done, 1, __ATOMIC_RELAXED);
        progress_update_points(job->prog, done, job->npoints,
                               __atomic_load_n(&job->steps, __ATOMIC_RELAXED));
    }
}

static int join_points(sweep_job *job, rows *all);

/* Runs every point (on up to THREADS threads, this one included) and joins
 * their outputs in order; stops at the first point that failed, as a
 * sequential run would. */
static int run_points(sweep_job *job, int threads, rows *all)
{
    interp *parent = job->parent;
    if (threads <= 1 || job->npoints <= 1) {
        for (long i = 0; i < job->npoints; i++) {
            run_point(job, i, parent->ev.threads);
            progress_update_points(job->prog, i + 1, job->npoints,
                                   __atomic_load_n(&job->steps, __ATOMIC_RELAXED));
            if (job->points[i].rc != 0 || cancel_requested(parent->ev.cancel)) {
                job->npoints = i + 1;
                break;
            }
        }
    } else {
        pthread_t tid[64];
        int n = threads < 64 ? threads : 64, started = 0;
        if (n > job->npoints)
            n = (int)job->npoints;
        for (int t = 1; t < n; t++)     /* the calling thread is the n-th */
            started += pthread_create(&tid[started], NULL, sweep_worker, job) == 0;
        sweep_main_worker(job);
        for (int t = 0; t < started; t++)
            pthread_join(tid[t], NULL);
    }
    return join_points(job, all);
}

/* Writes the files point PT made, in order, as the program writes files
 * (on an MPI job, the first process writes; the others discard); all the
 * processes then know whether they were written. */
static int write_point_files(interp *in, const ast_expr *e, const point *pt)
{
    char err[1024] = "cannot write a file of the sweep's point";
    int rc = 0;
    for (int f = 0; f < output_capture_count(pt->files) && rc == 0; f++) {
        const void *data;
        size_t len;
        const char *path = output_capture_file(pt->files, f, &data, &len);
        rc = output_write_file(path, data, len, in->ev.output, err, sizeof err);
    }
    rc = cluster_share(rc);
    if (rc != 0 && !cancel_requested(in->ev.cancel))
        diag_error(in->ev.d, e->at, "%s", err);
    return rc;
}

/* Names the point that failed, after its own messages: which point of the
 * sweep, and its variables' values. */
static void name_point(sweep_job *job, long index)
{
    const ast_vec *vars = &job->e->u.sweep.vars;
    int at[64];
    point_values(job, index, at);
    char *text = NULL;
    size_t len = 0;
    long total = 1;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return;
    for (int k = 0; k < vars->n; k++) {
        value v = item_of(job->lists[k], at[k]);
        fprintf(f, "%s%s = %s", k ? ", " : "", ((const ast_sweepvar *)vars->items[k])->name,
                v.kind == V_STR ? "\"" : "");
        output_value(f, job->parent->ir, v);
        fputs(v.kind == V_STR ? "\"" : "", f);
        value_release(v);
        total *= count_of(job->lists[k]);
    }
    fclose(f);
    diag_remark(job->parent->ev.d, job->e->at, "in point %ld of %ld of this sweep: %s", index + 1,
                total, text);
    free(text);
}

/* The points' outputs in order: what each printed, its diagnostics, its
 * files and its rows; stops at the first point that failed, as a
 * sequential run would. */
static int join_points(sweep_job *job, rows *all)
{
    interp *parent = job->parent;
    int rc = cancel_requested(parent->ev.cancel) ? -1 : 0;     /* some points never ran */
    for (long i = 0; i < job->npoints; i++) {
        point *pt = &job->points[i];
        if (rc == 0) {
            fwrite(pt->out, 1, pt->outlen, parent->out);
            if (pt->log)
                diag_log_replay(parent->ev.d, pt->log);
            else
                fwrite(pt->err, 1, pt->errlen, parent->ev.d->out);
            parent->ev.d->nerrors += pt->nerrors;
            parent->ev.d->shown += pt->nerrors;
            if (pt->status)
                parent->ev.d->status = pt->status;
            if (pt->rc && pt->nerrors > 0)
                name_point(job, i);
            int files = output_capture_count(pt->files) > 0 ? write_point_files(parent, job->e, pt) : 0;
            rc = pt->rc ? pt->rc : files;
            if (rc == 0 && append_rows(parent, all, &pt->t) != 0)
                rc = -1;
        }
        point_clear(pt);
    }
    return rc;
}

/* ---- a sweep shared by the processes of an MPI job (sweepmpi.h) ---- */

static void shared_run(void *job, long i)
{
    run_point(job, i, 1);
}

static int shared_failed(void *job, long i)
{
    return ((sweep_job *)job)->points[i].rc != 0;
}

static void shared_pack(void *job, long i, bytebuf *b)
{
    sweep_job *j = job;
    point_pack(b, j->parent->ir, &j->points[i]);
}

static int shared_unpack(void *job, long i, byteread *r)
{
    sweep_job *j = job;
    point_clear(&j->points[i]);
    return point_unpack(r, j->names, j->parent->ir, &j->points[i]);
}

static long shared_steps(void *job)
{
    return __atomic_load_n(&((sweep_job *)job)->steps, __ATOMIC_RELAXED);
}

/* A shared point stops on this process's signal, or another's. */
static int point_stopped(void *job)
{
    sweep_job *j = job;
    return cancel_requested(j->parent->ev.cancel) || __atomic_load_n(&j->par->stop_all, __ATOMIC_RELAXED);
}

static int run_points_shared(sweep_job *job, int threads, rows *all)
{
    interp *in = job->parent;
    par_sweep ps = {job, job->npoints, threads, shared_run, shared_failed, shared_pack,
                    shared_unpack, shared_steps, job->prog, in->ev.cancel, 0};
    job->par = &ps;
    job->stop = (cancel_token){point_stopped, job};
    long ran;
    int here;
    char err[256];
    job->names = valueser_names_new(in->ir);
    int rc = par_sweep_run(&ps, &ran, &here, err, sizeof err);
    valueser_names_free(job->names);
    if (rc == PAR_OK)
        return join_points(job, all);
    if (rc == PAR_ERROR)
        diag_error(in->ev.d, job->e->at, "%s", err);
    else if (!here)
        diag_error(in->ev.d, job->e->at,
                   "the sweep stopped: another process of the MPI job was stopped by a signal");
    for (long i = 0; i < job->npoints; i++)
        point_clear(&job->points[i]);
    return -1;
}

static int sweep_eval(eval_ctx *ev, const ast_expr *e, value *out)
{
    interp *in = ev->host;
    const ast_vec *vars = &e->u.sweep.vars;
    if (vars->n > 64) {
        diag_error(ev->d, e->at, "a sweep has at most 64 variables");
        return -1;
    }
    value *lists = calloc((size_t)vars->n + 1, sizeof *lists);
    int rc = 0, got = 0;
    long npoints = 1;
    for (; got < vars->n && rc == 0; got++) {
        rc = values_of(in, vars->items[got], &lists[got]);
        if (rc == 0)
            npoints *= count_of(lists[got]);
    }
    if (rc != 0)
        got--;
    if (rc == 0 && npoints > 100000000) {
        diag_error(ev->d, e->at, "this sweep has %ld points; at most 1e8", npoints);
        rc = -1;
    }
    if (rc == 0)
        rc = eval_spend(ev, e->at, (double)npoints);
    rows all = {0, 0, 0, NULL, NULL, {0, 0, 0}};
    if (rc == 0) {
        sweep_job job = {in, e, lists, npoints, calloc((size_t)npoints + 1, sizeof(point)), 0, 0, 0,
                         progress_new("sweep", !ev->quiet && in->out == stdout, ev->progress),
                         in->opt->collective && !in->in_point, NULL, NULL, {NULL, NULL}};
        fflush(in->out);
        rc = job.shared ? run_points_shared(&job, ev->threads, &all) : run_points(&job, ev->threads, &all);
        progress_free(job.prog);
        free(job.points);
    }
    if (rc == 0)
        *out = rows_to_table(&all);
    rows_free(&all);
    for (int k = 0; k < got; k++)
        value_release(lists[k]);
    free(lists);
    return rc;
}

static int exec_one(interp *in, const ast_stmt *s)
{
    value v;
    switch (s->kind) {
    case S_LET:
        if (eval_expr(&in->ev, s->value, &v) != 0)
            return -1;
        scope_bind(in->ev.locals, s->name, v);
        return 0;
    case S_ASSIGN:
        return exec_assign(in, s);
    case S_PRINT:
        return exec_print(in, s);
    case S_ROW:
        return exec_row(in, s);
    case S_GRAPH:
        return exec_graph(in, s);
    case S_EXPR:
        if (eval_expr(&in->ev, s->value, &v) != 0)
            return -1;
        value_release(v);
        return 0;
    case S_SAVE:
        return exec_save(in, s);
    case S_PLOT:
        return exec_plot(in, s);
    default:
        return 0;               /* declarations did their work in the checker */
    }
}

/* Once a stop is requested no statement starts, and the one under way
 * fails (its long parts poll the token themselves). */
static int exec_stmt(interp *in, const ast_stmt *s)
{
    if (cancel_requested(in->ev.cancel))
        return -1;
    int rc = exec_one(in, s);
    return rc == 0 && cancel_requested(in->ev.cancel) ? -1 : rc;
}

struct interp_session {
    interp in;
    interp_options opt;
    output_policy output;       /* from opt: what in.ev.output points to */
    long budget_left;
};

interp_session *interp_session_new(const interp_options *opt, diag *d)
{
    interp_session *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->opt = *opt;
    interp *in = &s->in;
    in->opt = &s->opt;
    in->ev.d = d;
    in->ev.locals = &in->globals;
    in->ev.outdir = opt->outdir;
    in->ev.quiet = opt->quiet;
    in->ev.threads = opt->jobs;
    in->ev.sweep = sweep_eval;
    in->ev.host = in;
    in->ev.cancel = &s->opt.cancel;
    s->output = (output_policy){&s->opt.cancel, opt->discard, NULL};
    in->ev.output = &s->output;
    in->ev.progress = s->opt.progress.report ? &s->opt.progress : NULL;
    in->out = opt->out ? opt->out : stdout;
    return s;
}

void interp_session_use(interp_session *s, ir_program *ir)
{
    s->in.ir = ir;
    s->in.ev.ir = ir;
    s->in.ev.params = ir->params;
}

void interp_session_confine(interp_session *s, FILE *out, long budget)
{
    s->in.out = out;
    s->budget_left = budget;
    s->in.ev.budget = &s->budget_left;
    s->in.ev.no_files = 1;
}

int interp_session_exec(interp_session *s, const ast_stmt *const *stmts, int n)
{
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = exec_stmt(&s->in, stmts[i]);
    if (check_stdout(s->opt.tracker, s->in.ev.d, NULL) != 0)
        rc = -1;
    return rc == 0 ? EXIT_OK : EXIT_RUNTIME;
}

int interp_session_eval(interp_session *s, const ast_expr *e, value *out)
{
    int rc = eval_expr(&s->in.ev, e, out);
    fflush(stdout);
    return rc;
}

scope *interp_session_scope(interp_session *s)
{
    return &s->in.globals;
}

void interp_session_free(interp_session *s)
{
    if (!s)
        return;
    scope_clear(&s->in.globals);
    free(s);
}

int interp_run(ir_program *ir, const interp_options *opt, diag *d)
{
    interp_session *s = interp_session_new(opt, d);
    interp_session_use(s, ir);
    int rc = interp_session_exec(s, ir->stmts, ir->nstmts);
    interp_session_free(s);
    return rc;
}
