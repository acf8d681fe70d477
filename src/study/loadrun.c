/* loadrun.c - a data file as a run result: a `step` column beside columns
 * named after the program's skills (wide form: loss, S, align_S, and the
 * series train_loss_S, train_acc_S, test_loss_S, test_acc_S), or the
 * columns step, skill and value (long form, one row per skill and step). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "load.h"
#include "numfmt.h"
#include "result.h"

/* The per-skill series a run file may hold (result.h's static names). */
static const char *const series_names[] = {"train_loss", "train_acc", "test_loss", "test_acc"};
enum { NSERIES = sizeof series_names / sizeof *series_names };
_Static_assert((int)NSERIES <= (int)RESULT_MAX_SERIES, "a run holds every series a file may name");

typedef enum { COL_STEP, COL_LOSS, COL_LEVEL, COL_ALIGN, COL_SERIES, COL_UNKNOWN } col_role;

typedef struct col_class {
    col_role role;
    int skill;                  /* the program's skill; COL_LEVEL, COL_ALIGN, COL_SERIES */
    int series;                 /* COL_SERIES: into series_names */
} col_class;

/* "PREFIX_SKILL": the skill, or -1. */
static int skill_after(const ir_program *ir, const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(name, prefix, n) == 0 && name[n] == '_' ? ir_find_skill(ir, name + n + 1) : -1;
}

static col_class classify(const ir_program *ir, const char *name)
{
    int k;
    if (strcmp(name, "step") == 0)
        return (col_class){COL_STEP, -1, -1};
    if (strcmp(name, "loss") == 0)
        return (col_class){COL_LOSS, -1, -1};
    if ((k = ir_find_skill(ir, name)) >= 0)
        return (col_class){COL_LEVEL, k, -1};
    if ((k = skill_after(ir, name, "align")) >= 0)
        return (col_class){COL_ALIGN, k, -1};
    for (int e = 0; e < NSERIES; e++)
        if ((k = skill_after(ir, name, series_names[e])) >= 0)
            return (col_class){COL_SERIES, k, e};
    return (col_class){COL_UNKNOWN, -1, -1};
}

static int column_index(const data_frame *f, const char *name)
{
    for (int c = 0; c < f->ncols; c++)
        if (strcmp(f->cols[c].name, name) == 0)
            return c;
    return -1;
}

static int is_long_form(const data_frame *f)
{
    return f->ncols == 3 && column_index(f, "step") >= 0 && column_index(f, "skill") >= 0 &&
           column_index(f, "value") >= 0;
}

int load_is_run(const ir_program *ir, const data_frame *f)
{
    if (column_index(f, "step") < 0)
        return 0;
    if (is_long_form(f))
        return 1;
    for (int c = 0; c < f->ncols; c++) {
        col_role role = classify(ir, f->cols[c].name).role;
        if (role == COL_LEVEL || role == COL_ALIGN || role == COL_SERIES)
            return 1;
    }
    return 0;
}

static const char **skill_names(const ir_program *ir)
{
    const char **names = malloc(((size_t)ir->nskills + 1) * sizeof *names);
    if (!names)
        abort();
    for (int k = 0; k < ir->nskills; k++)
        names[k] = ir->skills[k].name;
    return names;
}

static int unknown_skill(const load_ctx *lc, size_t off, size_t end, const char *name)
{
    const ir_program *ir = lc->ev->ir;
    load_fail(lc, off, end, "unknown skill '%s'", name);
    const char **names = skill_names(ir);
    const char *near = diag_suggest(name, names, ir->nskills);
    if (near)
        diag_note(lc->ev->d, NULL, "did you mean '%s'?", near);
    else
        diag_hint(lc->ev->d, "a run's columns are step, loss, the declared skills and their series; declare '%s' with `skill`", name);
    free(names);
    return -1;
}

/* ---- the steps ---- */

static int step_of(const load_ctx *lc, const data_cell *cell, double *step)
{
    if (cell->kind == CELL_MISSING || cell->kind == CELL_TEXT) {
        if (cell->kind == CELL_MISSING)
            load_fail(lc, cell->off, cell->end, "this row has no step");
        else
            load_fail(lc, cell->off, cell->end, "step '%s' is not a number", cell->text);
        diag_hint(lc->ev->d, "every row of a run gives its step, a number; missing values go in the other columns");
        return -1;
    }
    if (!isfinite(cell->num))
        return load_fail(lc, cell->off, cell->end, "a step must be a finite number");
    *step = cell->num;
    return 0;
}

/* Wide form: each row one step, in increasing order. */
static int check_steps(const load_ctx *lc, const data_column *col, int nrows, double *steps)
{
    char a[NUMFMT_MAX], b[NUMFMT_MAX];
    for (int r = 0; r < nrows; r++) {
        if (step_of(lc, &col->cells[r], &steps[r]) != 0)
            return -1;
        if (r == 0 || steps[r] > steps[r - 1])
            continue;
        const data_cell *cell = &col->cells[r], *before = &col->cells[r - 1];
        if (steps[r] == steps[r - 1]) {
            load_fail(lc, cell->off, cell->end, "step %s appears twice", numfmt(a, steps[r]));
            loc first = {lc->src, before->off, before->end};
            diag_note(lc->ev->d, &first, "first here");
            diag_hint(lc->ev->d, "a run has one row a step (several values at one step: the long form step,skill,value)");
        } else {
            load_fail(lc, cell->off, cell->end, "the steps must increase: %s comes after %s",
                      numfmt(a, steps[r]), numfmt(b, steps[r - 1]));
            diag_hint(lc->ev->d, "sort the rows by step");
        }
        return -1;
    }
    return 0;
}

static int value_of(const load_ctx *lc, const data_cell *cell, double *x)
{
    if (cell->kind == CELL_TEXT) {
        load_fail(lc, cell->off, cell->end, "'%s' is not a number", cell->text);
        diag_hint(lc->ev->d, "a missing value is an empty field or nan");
        return -1;
    }
    *x = cell->kind == CELL_NUMBER ? cell->num : NAN;
    return 0;
}

/* ---- the run ---- */

/* The skills a run holds, in the order the file first names them. */
typedef struct run_shape {
    int *skills, nskills;       /* the program's skills */
    int *slot;                  /* program skill -> index in the run, or -1 */
    int align;
    int series[NSERIES];        /* index in the run, or -1 */
} run_shape;

static void shape_init(run_shape *s, int nprogram)
{
    memset(s, 0, sizeof *s);
    s->skills = malloc(((size_t)nprogram + 1) * sizeof *s->skills);
    s->slot = malloc(((size_t)nprogram + 1) * sizeof *s->slot);
    if (!s->skills || !s->slot)
        abort();
    for (int k = 0; k < nprogram; k++)
        s->slot[k] = -1;
    for (int e = 0; e < NSERIES; e++)
        s->series[e] = -1;
}

static void shape_free(run_shape *s)
{
    free(s->skills);
    free(s->slot);
}

static void shape_add(run_shape *s, int skill)
{
    if (s->slot[skill] < 0) {
        s->slot[skill] = s->nskills;
        s->skills[s->nskills++] = skill;
    }
}

/* A skill's frequency when it is a constant (collapse reads it); else NaN. */
static double frequency_of(eval_ctx *ev, int k)
{
    const expr_prog *freq = ev->ir->skills[k].freq;
    if (!freq || !expr_is_constant(freq))
        return NAN;
    double *params = ir_param_values(ev->params, ev->ir->nparams);
    dist_cache cache = {0, 0, 0, 0, 0};
    expr_env env = {params, 0, NULL, NULL, NULL, &cache};
    double p = expr_eval(freq, &env);
    free(params);
    return p;
}

/* What the run is "of": the model a JSON run names, if the program has it,
 * else the file's name. */
static const char *model_name(const load_ctx *lc, const data_frame *f)
{
    int m = f->model ? ir_find_model(lc->ev->ir, f->model) : -1;
    const char *slash = strrchr(lc->src->name, '/');
    return m >= 0 ? lc->ev->ir->models[m].name : slash ? slash + 1 : lc->src->name;
}

static result *new_run(const load_ctx *lc, const data_frame *f, run_shape *s)
{
    const ir_program *ir = lc->ev->ir;
    const char **names = malloc(((size_t)s->nskills + 1) * sizeof *names);
    if (!names)
        abort();
    for (int i = 0; i < s->nskills; i++)
        names[i] = ir->skills[s->skills[i]].name;
    result *r = result_new(model_name(lc, f), s->nskills, names, s->align);
    for (int i = 0; i < s->nskills; i++)
        r->p0[i] = frequency_of(lc->ev, s->skills[i]);
    for (int e = 0; e < NSERIES; e++)
        if (s->series[e] >= 0)
            s->series[e] = result_add_series(r, series_names[e]);
    return r;
}

/* A row of missing values at STEP; the pointers to fill. */
static double *add_missing_row(result *r, double step, double **align)
{
    double *levels = result_add_row(r, step, NAN, align);
    size_t k = (size_t)r->nskills;
    for (size_t i = 0; i < k; i++)
        levels[i] = NAN;
    for (size_t i = 0; *align && i < k; i++)
        (*align)[i] = NAN;
    for (int e = 0; e < r->nseries; e++)
        for (size_t i = 0; i < k; i++)
            result_series_row(r, e)[i] = NAN;
    return levels;
}

/* Where column C's value goes in the latest row. */
static double *slot_of(result *r, const run_shape *s, col_class cls, double *levels, double *align)
{
    int i = cls.skill >= 0 ? s->slot[cls.skill] : -1;
    switch (cls.role) {
    case COL_LOSS: return &r->loss[r->nrec - 1];
    case COL_LEVEL: return &levels[i];
    case COL_ALIGN: return &align[i];
    case COL_SERIES: return &result_series_row(r, s->series[cls.series])[i];
    default: return NULL;
    }
}

static int classify_columns(const load_ctx *lc, const data_frame *f, col_class *cls, run_shape *s)
{
    for (int c = 0; c < f->ncols; c++) {
        cls[c] = classify(lc->ev->ir, f->cols[c].name);
        if (cls[c].role == COL_UNKNOWN) {
            unknown_skill(lc, f->cols[c].off, f->cols[c].end, f->cols[c].name);
            diag_hint(lc->ev->d, "a run's columns are step, loss, its skills (each declared with 'skill'), "
                      "align_S, train_loss_S, train_acc_S, test_loss_S and test_acc_S");
            return -1;
        }
        if (cls[c].skill >= 0)
            shape_add(s, cls[c].skill);
        s->align |= cls[c].role == COL_ALIGN;
        if (cls[c].role == COL_SERIES)
            s->series[cls[c].series] = 0;
    }
    return 0;
}

static int fill_wide(const load_ctx *lc, const data_frame *f, const col_class *cls, const run_shape *s,
                     const double *steps, result *r)
{
    for (int row = 0; row < f->nrows; row++) {
        double *align, *levels = add_missing_row(r, steps[row], &align);
        for (int c = 0; c < f->ncols; c++) {
            double *x = slot_of(r, s, cls[c], levels, align);
            if (x && value_of(lc, &f->cols[c].cells[row], x) != 0)
                return -1;
        }
    }
    return 0;
}

static int wide_run(const load_ctx *lc, const data_frame *f, value *out)
{
    col_class *cls = malloc(((size_t)f->ncols + 1) * sizeof *cls);
    double *steps = malloc(((size_t)f->nrows + 1) * sizeof *steps);
    if (!cls || !steps)
        abort();
    run_shape s;
    shape_init(&s, lc->ev->ir->nskills);
    result *r = NULL;
    int rc = classify_columns(lc, f, cls, &s);
    if (rc == 0)
        rc = check_steps(lc, &f->cols[column_index(f, "step")], f->nrows, steps);
    if (rc == 0) {
        r = new_run(lc, f, &s);
        rc = fill_wide(lc, f, cls, &s, steps, r);
    }
    if (rc == 0)
        *out = value_result(r);
    else
        result_free(r);
    shape_free(&s);
    free(cls);
    free(steps);
    return rc;
}

/* ---- long form ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The distinct steps, ascending; their count. */
static int distinct_steps(double *steps, int n)
{
    qsort(steps, (size_t)n, sizeof *steps, cmp_double);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (m == 0 || steps[i] != steps[m - 1])
            steps[m++] = steps[i];
    return m;
}

/* Each row's skill (-1: the loss), checked. */
static int long_skills(const load_ctx *lc, const data_column *col, int nrows, int *skill, run_shape *s)
{
    for (int r = 0; r < nrows; r++) {
        const data_cell *cell = &col->cells[r];
        if (cell->kind != CELL_TEXT)
            return load_fail(lc, cell->off, cell->end, "the skill column needs a skill's name here");
        skill[r] = strcmp(cell->text, "loss") == 0 ? -1 : ir_find_skill(lc->ev->ir, cell->text);
        if (skill[r] < 0 && strcmp(cell->text, "loss") != 0)
            return unknown_skill(lc, cell->off, cell->end, cell->text);
        if (skill[r] >= 0)
            shape_add(s, skill[r]);
    }
    return 0;
}

static int fill_long(const load_ctx *lc, const data_frame *f, const int *skill, const run_shape *s,
                     const double *steps, result *r)
{
    const data_column *step = &f->cols[column_index(f, "step")], *val = &f->cols[column_index(f, "value")];
    const data_column *names = &f->cols[column_index(f, "skill")];
    char *seen = calloc((size_t)r->nrec * (size_t)(s->nskills + 1) + 1, 1);
    int rc = 0;
    for (int row = 0; row < f->nrows && rc == 0; row++) {
        double x = NAN, at = step->cells[row].num;
        const double *hit = bsearch(&at, steps, (size_t)r->nrec, sizeof *steps, cmp_double);
        size_t i = (size_t)(hit - steps), slot = skill[row] < 0 ? 0 : (size_t)s->slot[skill[row]] + 1;
        const data_cell *name = &names->cells[row];
        char a[NUMFMT_MAX];
        if (seen[i * (size_t)(s->nskills + 1) + slot]++) {
            rc = load_fail(lc, name->off, name->end, "'%s' at step %s is given twice", name->text, numfmt(a, at));
            diag_hint(lc->ev->d, "the long form has one row for each step and skill");
            break;
        }
        if ((rc = value_of(lc, &val->cells[row], &x)) == 0) {
            if (skill[row] < 0)
                r->loss[i] = x;
            else
                r->levels[i * (size_t)r->nskills + slot - 1] = x;
        }
    }
    free(seen);
    return rc;
}

static int long_run(const load_ctx *lc, const data_frame *f, value *out)
{
    const data_column *step = &f->cols[column_index(f, "step")];
    int *skill = malloc(((size_t)f->nrows + 1) * sizeof *skill);
    double *steps = malloc(((size_t)f->nrows + 1) * sizeof *steps);
    if (!skill || !steps)
        abort();
    run_shape s;
    shape_init(&s, lc->ev->ir->nskills);
    int rc = long_skills(lc, &f->cols[column_index(f, "skill")], f->nrows, skill, &s);
    for (int r = 0; r < f->nrows && rc == 0; r++)
        rc = step_of(lc, &step->cells[r], &steps[r]);
    result *r = NULL;
    if (rc == 0) {
        int nsteps = distinct_steps(steps, f->nrows);
        r = new_run(lc, f, &s);
        for (int i = 0; i < nsteps; i++) {
            double *align;
            add_missing_row(r, steps[i], &align);
        }
        rc = fill_long(lc, f, skill, &s, steps, r);
    }
    if (rc == 0)
        *out = value_result(r);
    else
        result_free(r);
    shape_free(&s);
    free(skill);
    free(steps);
    return rc;
}

int load_run(const load_ctx *lc, const data_frame *f, value *out)
{
    return is_long_form(f) ? long_run(lc, f, out) : wide_run(lc, f, out);
}
