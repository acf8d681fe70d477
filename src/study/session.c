#include "session.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "numfmt.h"
#include "output.h"
#include "parse.h"
#include "result.h"
#include "termchart.h"
#include "xalloc.h"

#define RUN_THRESHOLD 0.9       /* the level whose time the key numbers show */

/* What a run is compared by: its final loss and each skill's time to 0.9. */
typedef struct keynums {
    int valid;
    double final_loss;
    int n;
    char **names;
    double *time_to;
} keynums;

typedef struct strvec {
    char **items;
    int n, cap;
} strvec;

struct session {
    diag *d;
    interp_options run;
    FILE *out;                  /* run.out, or stdout */
    int interactive;            /* summaries, charts, values shown (the REPL) */
    int ran;                    /* the latest input got past checking */
    source *file;               /* the loaded file's text; NULL: none */
    strvec overrides;           /* "name=value": -D, then values set in the session */
    source **inputs;            /* everything typed since the load (owned) */
    int ninputs, capinputs;
    const source **decls;       /* the inputs that declare */
    int ndecls, capdecls;
    ir_program *ir;
    ir_program **old;           /* earlier programs: values may refer to them */
    int nold, capold;
    interp_session *is;
    char *last_run;             /* the text of the latest run statement typed */
    int show_runs;              /* show every run's chart (a run again) */
    keynums prev, cur;
};

static void strvec_set(strvec *v, const char *name, char *text)
{
    size_t len = strlen(name);
    for (int i = 0; i < v->n; i++)
        if (strncmp(v->items[i], name, len) == 0 && v->items[i][len] == '=') {
            free(v->items[i]);
            v->items[i] = text;
            return;
        }
    v->items = xgrow(v->items, &v->cap, v->n + 1, sizeof *v->items);
    v->items[v->n++] = text;
}

static void strvec_clear(strvec *v)
{
    for (int i = 0; i < v->n; i++)
        free(v->items[i]);
    free(v->items);
    memset(v, 0, sizeof *v);
}

static strvec strvec_copy(const strvec *v)
{
    strvec c = {NULL, 0, 0};
    for (int i = 0; i < v->n; i++) {
        c.items = xgrow(c.items, &c.cap, c.n + 1, sizeof *c.items);
        c.items[c.n++] = strdup(v->items[i]);
    }
    return c;
}

static void keynums_clear(keynums *k)
{
    for (int i = 0; i < k->n; i++)
        free(k->names[i]);
    free(k->names);
    free(k->time_to);
    memset(k, 0, sizeof *k);
}

/* ---- programs ---- */

/* The program of FILE (or none) with the declarations DECLS and the
 * parameter values OVERRIDES; NULL after reporting errors. */
static ir_program *build(session *s, const source *file, const source *const *decls, int ndecls,
                         const strvec *overrides)
{
    source *main = file ? source_from_string(file->name, file->text, file->len)
                        : source_from_string("<repl>", "", 0);
    check_options opt = {.defines = (const char *const *)overrides->items, .ndefines = overrides->n,
                         .more = decls, .nmore = ndecls};
    int status;
    return check_source(main, &opt, s->d, &status);
}

static void install(session *s, ir_program *ir)
{
    if (s->ir) {
        s->old = xgrow(s->old, &s->capold, s->nold + 1, sizeof *s->old);
        s->old[s->nold++] = s->ir;
    }
    s->ir = ir;
    interp_session_use(s->is, ir);
}

/* Forgets the program, the inputs and the values (in that order: values
 * refer to programs, programs to inputs). */
static void forget(session *s)
{
    interp_session_free(s->is);
    s->is = interp_session_new(&s->run, s->d);
    ir_program_free(s->ir);
    for (int i = 0; i < s->nold; i++)
        ir_program_free(s->old[i]);
    s->ir = NULL;
    s->nold = 0;
    for (int i = 0; i < s->ninputs; i++)
        source_free(s->inputs[i]);
    s->ninputs = s->ndecls = 0;
}

session *session_new(const interp_options *run, const char *const *defines, int ndefines,
                     int interactive, diag *d)
{
    session *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->d = d;
    s->run = *run;
    s->out = run->out ? run->out : stdout;
    s->interactive = interactive;
    for (int i = 0; i < ndefines; i++) {
        s->overrides.items = xgrow(s->overrides.items, &s->overrides.cap, i + 1, sizeof(char *));
        s->overrides.items[s->overrides.n++] = strdup(defines[i]);
    }
    s->is = interp_session_new(run, d);
    strvec none = {NULL, 0, 0};
    install(s, build(s, NULL, NULL, 0, &none));
    return s;
}

void session_free(session *s)
{
    if (!s)
        return;
    forget(s);
    interp_session_free(s->is);
    source_free(s->file);
    strvec_clear(&s->overrides);
    free(s->inputs);
    free(s->decls);
    free(s->old);
    free(s->last_run);
    keynums_clear(&s->prev);
    keynums_clear(&s->cur);
    free(s);
}

const ir_program *session_program(const session *s) { return s->ir; }
scope *session_lets(session *s) { return interp_session_scope(s->is); }

int session_param_set(const session *s, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < s->overrides.n; i++)
        if (strncmp(s->overrides.items[i], name, len) == 0 && s->overrides.items[i][len] == '=')
            return 1;
    return 0;
}

static void summarise(const session *s)
{
    if (!s->interactive)
        return;
    FILE *f = s->out;
    const ir_program *ir = s->ir;
    int own = 0;
    for (int i = 0; i < ir->nstmts; i++)
        own += ir->stmts[i]->at.src == ir->src;
    fprintf(f, "loaded %s: %d skill%s, %d model%s, %d parameter%s", ir->src->name, ir->nskills,
           ir->nskills == 1 ? "" : "s", ir->nmodels, ir->nmodels == 1 ? "" : "s", ir->nparams,
           ir->nparams == 1 ? "" : "s");
    if (own)
        fprintf(f, "; %d statement%s not run (:run runs them)", own, own == 1 ? "" : "s");
    fprintf(f, "\n");
    fflush(f);
}

static int load(session *s, const char *path, const strvec *overrides)
{
    char err[1024];
    source *file = source_read(path, err, sizeof err);
    if (!file) {
        diag_fail(s->d, "%s", err);
        return -1;
    }
    ir_program *ir = build(s, file, NULL, 0, overrides);
    if (!ir) {
        source_free(file);
        return -1;
    }
    forget(s);
    source_free(s->file);
    s->file = file;
    install(s, ir);
    summarise(s);
    return 0;
}

int session_load(session *s, const char *path)
{
    /* -D values apply to the first file only */
    strvec overrides = s->file ? (strvec){NULL, 0, 0} : strvec_copy(&s->overrides);
    int rc = load(s, path, &overrides);
    if (rc == 0) {
        strvec_clear(&s->overrides);
        s->overrides = overrides;
        free(s->last_run);
        s->last_run = NULL;
        keynums_clear(&s->prev);
        keynums_clear(&s->cur);
    } else {
        strvec_clear(&overrides);
    }
    return rc;
}

static int run_again(session *s);

int session_reload(session *s)
{
    if (!s->file) {
        diag_fail(s->d, ":reload: no file is loaded; use :load FILE");
        return -1;
    }
    char *path = strdup(s->file->name);
    strvec none = {NULL, 0, 0};
    int rc = load(s, path, &none);
    free(path);
    if (rc != 0)
        return -1;
    strvec_clear(&s->overrides);
    return run_again(s);
}

/* ---- runs: the chart and the key numbers ---- */

static keynums keynums_of(const result *r)
{
    keynums k = {1, r->nrec ? r->loss[r->nrec - 1] : NAN, r->nskills, NULL, NULL};
    k.names = calloc((size_t)r->nskills + 1, sizeof *k.names);
    k.time_to = calloc((size_t)r->nskills + 1, sizeof *k.time_to);
    if (!k.names || !k.time_to)
        abort();
    for (int i = 0; i < r->nskills; i++) {
        k.names[i] = strdup(r->names[i]);
        k.time_to[i] = result_time_to(r, i, RUN_THRESHOLD);
    }
    return k;
}

/* Skill NAME's time in K; 0 if K has no such skill. */
static int previous_time(const keynums *k, const char *name, double *t)
{
    for (int i = 0; i < k->n; i++)
        if (strcmp(k->names[i], name) == 0) {
            *t = k->time_to[i];
            return 1;
        }
    return 0;
}

static int put_cell(char *line, int at, double x)
{
    if (isnan(x))
        return at + sprintf(line + at, "  %-12s", "never");
    return at + sprintf(line + at, "  %-12.6g", x);
}

/* A row of the table: this run's number, the previous run's, the change. */
static void put_keyrow(FILE *f, const char *label, int width, double now, int have_before, double before)
{
    char line[512];
    int at = snprintf(line, 200, "%-*.*s", width, 190, label);
    at = put_cell(line, at, now);
    if (have_before) {
        at = put_cell(line, at, before);
        if (!isnan(now) && !isnan(before) && now != before)
            at += sprintf(line + at, "  %+.6g", now - before);
    }
    while (at > 0 && line[at - 1] == ' ')
        at--;
    fprintf(f, "%.*s\n", at, line);
}

static void show_numbers(const session *s, const result *r, const int *pick, int npick)
{
    FILE *f = s->out;
    char label[256];
    int width = (int)strlen("final loss");
    for (int k = 0; k < npick; k++) {
        int w = snprintf(label, sizeof label, "time_to(%s, %g)", r->names[pick[k]], RUN_THRESHOLD);
        width = w > width ? w : width;
    }
    if (s->prev.valid)
        fprintf(f, "%-*s  %-12s  %-12s  change\n", width, "", "this run", "previous");
    else
        fprintf(f, "%-*s  this run\n", width, "");
    put_keyrow(f, "final loss", width, s->cur.final_loss, s->prev.valid, s->prev.final_loss);
    for (int k = 0; k < npick; k++) {
        double before = NAN;
        int have = previous_time(&s->prev, r->names[pick[k]], &before);
        snprintf(label, sizeof label, "time_to(%s, %g)", r->names[pick[k]], RUN_THRESHOLD);
        put_keyrow(f, label, width, s->cur.time_to[pick[k]], have, before);
    }
    if (npick < r->nskills)
        fprintf(f, "(%d of %d skills shown)\n", npick, r->nskills);
}

static void show_run(const session *s, const result *r)
{
    FILE *f = s->out;
    int pick[TERMCHART_MAX_CURVES];
    int npick = termchart_pick(r->nskills, pick, TERMCHART_MAX_CURVES);
    fprintf(f, "run of %s: %d skill%s, steps %g to %g\n", r->model, r->nskills, r->nskills == 1 ? "" : "s",
           r->nrec ? r->steps[0] : 0, r->nrec ? r->steps[r->nrec - 1] : 0);
    termchart_style st = termchart_style_for(f);
    termchart_draw(f, r, pick, npick, &st);
    show_numbers(s, r, pick, npick);
    fflush(f);
}

/* A run statement finished with V: it becomes `_` and the run compared. */
static void record_run(session *s, const ast_stmt *stmt, value v, int show)
{
    if (v.kind != V_RESULT)
        return;
    scope_bind(session_lets(s), "_", value_retain(v));
    keynums_clear(&s->prev);
    s->prev = s->cur;
    s->cur = keynums_of(v.u.obj->u.res);
    char *text = strndup(stmt->at.src->text + stmt->at.off, stmt->at.end - stmt->at.off);
    free(s->last_run);
    s->last_run = text;
    if (show && s->interactive)
        show_run(s, v.u.obj->u.res);
}

static int is_run(const ast_expr *e)
{
    return e && e->kind == E_RUN;
}

static int exec_one(session *s, const ast_stmt *stmt)
{
    s->ran = 1;
    if (stmt->kind == S_EXPR) {
        value v;
        if (interp_session_eval(s->is, stmt->value, &v) != 0)
            return -1;
        if (is_run(stmt->value)) {
            record_run(s, stmt, v, 1);
        } else if (v.kind != V_NONE && s->interactive) {
            output_value(s->out, s->ir, v);
            fputc('\n', s->out);
        }
        value_release(v);
        return 0;
    }
    if (interp_session_exec(s->is, &stmt, 1) != EXIT_OK)
        return -1;
    if (stmt->kind == S_LET && is_run(stmt->value)) {
        scope_var *var = scope_find(session_lets(s), stmt->name);
        if (var)
            record_run(s, stmt, var->v, s->show_runs);
    }
    return 0;
}

/* ---- inputs ---- */

static const char **let_names(session *s, int *n)
{
    scope *lets = session_lets(s);
    const char **names = malloc(((size_t)lets->n + 1) * sizeof *names);
    if (!names)
        abort();
    for (int i = 0; i < lets->n; i++)
        names[i] = lets->vars[i].name;
    *n = lets->n;
    return names;
}

static const ast_stmt **check_input(session *s, const source *src, int *n)
{
    int nlets;
    const char **lets = let_names(s, &nlets);
    const ast_stmt **stmts = check_actions(s->ir, src, lets, nlets, s->d, n);
    free(lets);
    return stmts;
}

static int exec_actions(session *s, const source *src)
{
    int n;
    const ast_stmt **stmts = check_input(s, src, &n);
    if (!stmts)
        return -1;
    for (int i = 0; i < n; i++)
        if (exec_one(s, stmts[i]) != 0)
            return -1;
    return 0;
}

/* A parameter's new value as -D would write it. */
static char *define_text(const char *name, value v)
{
    char *buf = NULL, num[NUMFMT_MAX];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();
    fprintf(f, "%s=", name);
    if (v.kind == V_BOOL) {
        fputs(v.u.num ? "true" : "false", f);
    } else if (v.kind == V_NUM) {
        fputs(isnan(v.u.num) ? "(0/0)" : isinf(v.u.num) ? (v.u.num > 0 ? "(1/0)" : "(-1/0)")
                                                         : numfmt(num, v.u.num), f);
    } else if (v.kind == V_VEC) {
        fputc('[', f);
        for (int i = 0; i < v.u.obj->u.vec.n; i++)
            fprintf(f, "%s%s", i ? ", " : "", numfmt(num, v.u.obj->u.vec.x[i]));
        fputc(']', f);
    } else {                    /* a string */
        fputc('"', f);
        for (size_t i = 0; i < v.u.obj->u.str.len; i++) {
            char c = v.u.obj->u.str.text[i];
            if (strchr("\"\\{}", c))
                fputc('\\', f);
            if (c == '\n' || c == '\t')
                fputs(c == '\n' ? "\\n" : "\\t", f);
            else
                fputc(c, f);
        }
        fputc('"', f);
    }
    fclose(f);
    return buf;
}

static int run_again(session *s)
{
    if (!s->last_run)
        return 0;
    source *src = source_from_string("<repl>", s->last_run, strlen(s->last_run));
    s->inputs = xgrow(s->inputs, &s->capinputs, s->ninputs + 1, sizeof *s->inputs);
    s->inputs[s->ninputs++] = src;
    s->show_runs = 1;
    int rc = exec_actions(s, src);
    s->show_runs = 0;
    return rc;
}

/* `NAME = EXPR` for a parameter: the program checked again with the new
 * value, then the latest run run again. */
static int set_param(session *s, const source *src)
{
    int n;
    const ast_stmt **stmts = check_input(s, src, &n);
    if (!stmts)
        return -1;
    const ast_stmt *stmt = stmts[0];
    value v;
    if (interp_session_eval(s->is, stmt->value, &v) != 0)
        return -1;
    if (v.kind != V_NUM && v.kind != V_BOOL && v.kind != V_VEC && v.kind != V_STR) {
        diag_error(s->d, stmt->value->at, "a parameter set in the REPL takes a number, a boolean, "
                   "a string or a vector, not %s", value_kind_name(v.kind));
        value_release(v);
        return -1;
    }
    strvec overrides = strvec_copy(&s->overrides);
    strvec_set(&overrides, stmt->name, define_text(stmt->name, v));
    value_release(v);
    ir_program *ir = build(s, s->file, s->decls, s->ndecls, &overrides);
    if (!ir) {
        strvec_clear(&overrides);
        return -1;
    }
    strvec_clear(&s->overrides);
    s->overrides = overrides;
    install(s, ir);
    return run_again(s);
}

/* A declaration may not take a name the session's `let`s hold. */
static int takes_let_name(session *s, const ir_program *ir)
{
    scope *lets = session_lets(s);
    for (int i = 0; i < lets->n; i++) {
        const symbol *sym = symtab_get(&ir->names, lets->vars[i].name);
        if (sym && !symtab_get(&s->ir->names, lets->vars[i].name)) {
            diag_error(s->d, sym->at, "'%s' is already a value bound by 'let' in this session",
                       sym->name);
            return 1;
        }
    }
    return 0;
}

static int add_declarations(session *s, const source *src)
{
    const source **decls = malloc(((size_t)s->ndecls + 1) * sizeof *decls);
    if (!decls)
        abort();
    if (s->ndecls)
        memcpy(decls, s->decls, (size_t)s->ndecls * sizeof *decls);
    decls[s->ndecls] = src;
    ir_program *ir = build(s, s->file, decls, s->ndecls + 1, &s->overrides);
    free(decls);
    if (ir && takes_let_name(s, ir)) {
        ir_program_free(ir);
        ir = NULL;
    }
    if (!ir)
        return -1;
    install(s, ir);
    s->decls = xgrow(s->decls, &s->capdecls, s->ndecls + 1, sizeof *s->decls);
    s->decls[s->ndecls++] = src;
    return 0;
}

typedef struct shape {
    int ndecls, nactions;
    int param_assign;           /* the input is `PARAM = EXPR` alone */
    const ast_stmt *stray;      /* an assignment to a parameter among other statements */
} shape;

/* Parses SRC on its own, for syntax errors and its shape. */
static int classify(session *s, const source *src, shape *sh)
{
    memset(sh, 0, sizeof *sh);
    arena *a = arena_new();
    int before = s->d->nerrors;
    ast_program *prog = parse_program(src, a, s->d);
    int ok = s->d->nerrors == before;
    for (int i = 0; ok && i < prog->stmts.n; i++) {
        const ast_stmt *st = prog->stmts.items[i];
        if (check_is_declaration(st)) {
            sh->ndecls++;
            continue;
        }
        sh->nactions++;
        if (st->kind == S_ASSIGN && ir_find_param(s->ir, st->name) >= 0 &&
            !scope_find(session_lets(s), st->name)) {
            if (prog->stmts.n == 1)
                sh->param_assign = 1;
            else if (!sh->stray)
                diag_error(s->d, st->at, "in the REPL a parameter is set on a line of its own");
            sh->stray = st;
        }
    }
    if (ok && sh->stray && !sh->param_assign) {
        diag_hint(s->d, "'%s = ...' alone checks the program again with the new value and "
                  "runs the latest run again", sh->stray->name);
        ok = 0;
    }
    arena_free(a);
    return ok ? 0 : -1;
}

int session_ran(const session *s)
{
    return s->ran;
}

int session_input(session *s, const char *text)
{
    s->ran = 0;
    source *src = source_from_string("<repl>", text, strlen(text));
    s->inputs = xgrow(s->inputs, &s->capinputs, s->ninputs + 1, sizeof *s->inputs);
    s->inputs[s->ninputs++] = src;
    shape sh;
    if (classify(s, src, &sh) != 0)
        return -1;
    if (sh.param_assign)
        return set_param(s, src);
    if (sh.ndecls && add_declarations(s, src) != 0)
        return -1;
    return sh.nactions ? exec_actions(s, src) : 0;
}

void session_adopt(session *s, ir_program *ir)
{
    forget(s);
    source_free(s->file);
    s->file = source_from_string(ir->src->name, ir->src->text, ir->src->len);
    install(s, ir);
}

int session_run_program(session *s)
{
    return interp_session_exec(s->is, s->ir->stmts, s->ir->nstmts) == EXIT_OK ? 0 : -1;
}

int session_eval(session *s, const char *text, value *out)
{
    source *src = source_from_string("<eval>", text, strlen(text));
    s->inputs = xgrow(s->inputs, &s->capinputs, s->ninputs + 1, sizeof *s->inputs);
    s->inputs[s->ninputs++] = src;
    int n;
    const ast_stmt **stmts = check_input(s, src, &n);
    if (!stmts)
        return -1;
    if (n != 1 || stmts[0]->kind != S_EXPR) {
        diag_error(s->d, n ? stmts[0]->at : (loc){src, 0, 0},
                   "expected one expression to evaluate");
        diag_hint(s->d, "statements and declarations go through skill_exec");
        return -1;
    }
    return interp_session_eval(s->is, stmts[0]->value, out);
}

int session_run_file(session *s)
{
    const ir_program *ir = s->ir;
    int n = 0;
    const ast_stmt **own = malloc(((size_t)ir->nstmts + 1) * sizeof *own);
    if (!own)
        abort();
    for (int i = 0; i < ir->nstmts; i++)
        if (ir->stmts[i]->at.src == ir->src)
            own[n++] = ir->stmts[i];
    int rc = interp_session_exec(s->is, own, n) == EXIT_OK ? 0 : -1;
    free(own);
    return rc;
}
