/* values.c - interpreter values seen from C (include/skill.h): numbers,
 * strings, vectors and matrices as the arrays they already are; a run's
 * per-skill levels, stored row by row, copied into columns on first use. */
#include "api.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "result.h"

struct skill_value {
    value v;
    const ir_program *ir;       /* the program whose names V's references use */
    double *columns;            /* a result's levels, skill by skill (made on demand) */
    double *series_columns[RESULT_MAX_SERIES];  /* its further series, the same way */
};

/* The kind of V; none for NULL, so that every reader below takes NULL. */
static value_kind vk(const skill_value *v)
{
    return v ? v->v.kind : V_NONE;
}

skill_value *api_value_new(const ir_program *ir, value v)
{
    skill_value *sv = calloc(1, sizeof *sv);
    if (!sv)
        abort();
    sv->v = v;
    sv->ir = ir;
    return sv;
}

value api_value_of(const skill_value *v, const ir_program **ir)
{
    *ir = v->ir;
    return v->v;
}

void skill_value_free(skill_value *v)
{
    if (!v)
        return;
    value_release(v->v);
    free(v->columns);
    for (int e = 0; e < RESULT_MAX_SERIES; e++)
        free(v->series_columns[e]);
    free(v);
}

skill_kind skill_value_kind(const skill_value *v)
{
    switch (vk(v)) {
    case V_NONE: return SKILL_NONE;
    case V_NUM: return SKILL_NUMBER;
    case V_BOOL: return SKILL_BOOL;
    case V_STR: return SKILL_STRING;
    case V_VEC: return SKILL_VECTOR;
    case V_MATRIX: return SKILL_MATRIX;
    case V_LIST: return SKILL_LIST;
    case V_RECORD: return SKILL_RECORD;
    case V_TABLE: return SKILL_TABLE;
    case V_RESULT: return SKILL_RESULT;
    case V_SKILL: case V_MODEL: case V_OPT: case V_FUNC: case V_SYMBOL: return SKILL_NAME;
    }
    return SKILL_NONE;
}

void skill_value_print(const skill_value *v, FILE *f)
{
    if (v)
        output_value(f, v->ir, v->v);
}

double skill_value_number(const skill_value *v)
{
    return v && value_is_number(v->v) ? value_number(v->v) : NAN;
}

const char *skill_value_string(const skill_value *v)
{
    const vobj *o = v ? v->v.u.obj : NULL;
    switch (vk(v)) {
    case V_STR: return o->u.str.text;
    case V_SKILL: return v->ir->skills[v->v.u.index].name;
    case V_MODEL: return v->ir->models[v->v.u.index].name;
    case V_OPT: {
        const ir_optimizer *opt = &v->ir->opts[v->v.u.index];
        return opt->name ? opt->name : opt->kind_name;
    }
    case V_FUNC: return o->u.fn.def ? o->u.fn.def->name : o->u.fn.builtin;
    case V_SYMBOL: return v->v.u.sym;
    default: return NULL;
    }
}

const double *skill_value_doubles(const skill_value *v, size_t *n)
{
    const vobj *o = v ? v->v.u.obj : NULL;
    if (vk(v) == V_VEC) {
        *n = (size_t)o->u.vec.n;
        return o->u.vec.x;
    }
    if (vk(v) == V_MATRIX) {
        *n = (size_t)o->u.mat.rows * (size_t)o->u.mat.cols;
        return o->u.mat.x;
    }
    *n = 0;
    return NULL;
}

int skill_matrix_rows(const skill_value *v)
{
    return vk(v) == V_MATRIX ? v->v.u.obj->u.mat.rows : 0;
}

int skill_matrix_cols(const skill_value *v)
{
    return vk(v) == V_MATRIX ? v->v.u.obj->u.mat.cols : 0;
}

int skill_value_length(const skill_value *v)
{
    const vobj *o = v ? v->v.u.obj : NULL;
    switch (vk(v)) {
    case V_LIST: return o->u.list.n;
    case V_RECORD: case V_TABLE: return o->u.rec.n;
    case V_VEC: return o->u.vec.n;
    default: return 0;
    }
}

skill_value *skill_value_item(const skill_value *v, int i)
{
    if (i < 0 || i >= skill_value_length(v))
        return NULL;
    const vobj *o = v ? v->v.u.obj : NULL;
    switch (vk(v)) {
    case V_LIST: return api_value_new(v->ir, value_retain(o->u.list.items[i]));
    case V_RECORD: case V_TABLE: return api_value_new(v->ir, value_retain(o->u.rec.vals[i]));
    case V_VEC: return api_value_new(v->ir, value_num(o->u.vec.x[i]));
    default: return NULL;
    }
}

const char *skill_value_key(const skill_value *v, int i)
{
    if ((vk(v) != V_RECORD && vk(v) != V_TABLE) || i < 0 || i >= v->v.u.obj->u.rec.n)
        return NULL;
    return v->v.u.obj->u.rec.keys[i];
}

/* ---- run results ---- */

static const result *result_of(const skill_value *v)
{
    return vk(v) == V_RESULT ? v->v.u.obj->u.res : NULL;
}

int skill_result_rows(const skill_value *v)
{
    const result *r = result_of(v);
    return r ? r->nrec : 0;
}

int skill_result_skills(const skill_value *v)
{
    const result *r = result_of(v);
    return r ? r->nskills : 0;
}

const char *skill_result_skill_name(const skill_value *v, int k)
{
    const result *r = result_of(v);
    return r && k >= 0 && k < r->nskills ? r->names[k] : NULL;
}

const char *skill_result_model(const skill_value *v)
{
    const result *r = result_of(v);
    return r ? r->model : NULL;
}

const double *skill_result_steps(const skill_value *v)
{
    const result *r = result_of(v);
    return r ? r->steps : NULL;
}

const double *skill_result_loss(const skill_value *v)
{
    const result *r = result_of(v);
    return r ? r->loss : NULL;
}

/* ROWS (nrec x nskills, row-major) skill by skill, into *CACHE once. */
static const double *column_of(const result *r, const double *rows, double **cache, int k)
{
    if (!*cache) {
        double *c = malloc(((size_t)r->nrec * (size_t)r->nskills + 1) * sizeof *c);
        if (!c)
            abort();
        for (int i = 0; i < r->nrec; i++)
            for (int j = 0; j < r->nskills; j++)
                c[(size_t)j * r->nrec + i] = rows[(size_t)i * r->nskills + j];
        *cache = c;
    }
    return *cache + (size_t)k * r->nrec;
}

/* The caches are the value's own: reading fills them, the value is unchanged. */
const double *skill_result_levels(const skill_value *v, int k)
{
    const result *r = result_of(v);
    if (!r || k < 0 || k >= r->nskills)
        return NULL;
    return column_of(r, r->levels, &((skill_value *)v)->columns, k);
}

int skill_result_series_count(const skill_value *v)
{
    const result *r = result_of(v);
    return r ? r->nseries : 0;
}

const char *skill_result_series_name(const skill_value *v, int e)
{
    const result *r = result_of(v);
    return r && e >= 0 && e < r->nseries ? r->series[e].name : NULL;
}

const double *skill_result_series(const skill_value *v, const char *name, int k)
{
    const result *r = result_of(v);
    int e = r ? result_find_series(r, name) : -1;
    if (e < 0 || k < 0 || k >= r->nskills)
        return NULL;
    return column_of(r, r->series[e].x, &((skill_value *)v)->series_columns[e], k);
}

/* ---- tables ---- */

const double *skill_table_column(const skill_value *v, const char *name, size_t *n)
{
    *n = 0;
    if (vk(v) != V_TABLE && vk(v) != V_RECORD)
        return NULL;
    const vobj *o = v ? v->v.u.obj : NULL;
    for (int i = 0; i < o->u.rec.n; i++)
        if (strcmp(o->u.rec.keys[i], name) == 0 && o->u.rec.vals[i].kind == V_VEC) {
            *n = (size_t)o->u.rec.vals[i].u.obj->u.vec.n;
            return o->u.rec.vals[i].u.obj->u.vec.x;
        }
    return NULL;
}
