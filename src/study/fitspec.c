#include "fitspec.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "xalloc.h"

const char *fitspec_name(eval_ctx *ev, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return loader_keep_text(ev->ir, buf);
}

/* ---- the data sets ---- */

static int is_result(value v)
{
    return v.kind == V_RESULT;
}

static int take_data(eval_ctx *ev, value v, loc at, fitspec *s)
{
    s->data_value = value_retain(v);
    int n = v.kind == V_RESULT ? 1 : v.kind == V_LIST ? v.u.obj->u.list.n : 0;
    for (int i = 0; v.kind == V_LIST && i < n; i++)
        if (!is_result(v.u.obj->u.list.items[i]))
            n = 0;
    if (n == 0) {
        diag_error(ev->d, at, "'fit ... to' needs a run result or a list of them, not %s",
                   v.kind == V_LIST ? "a list of other values" : value_kind_name(v.kind));
        diag_hint(ev->d, "data are runs, loaded files (load \"...\") or noisy(r, sigma, seed)");
        return -1;
    }
    s->data = calloc(n > 0 ? (size_t)n : 1, sizeof *s->data);
    if (!s->data)
        abort();
    for (int i = 0; i < n; i++)
        s->data[i] = v.kind == V_RESULT ? v.u.obj->u.res : v.u.obj->u.list.items[i].u.obj->u.res;
    s->problem.data = s->data;
    s->problem.ndata = n;
    return 0;
}

int fitspec_model(eval_ctx *ev, const ast_expr *e, const char *verb, int *model)
{
    value v;
    if (eval_expr(ev, e, &v) != 0)
        return -1;
    if (v.kind != V_MODEL) {
        diag_error(ev->d, e->at, "'%s' needs a model, not %s", verb, value_kind_name(v.kind));
        value_release(v);
        return -1;
    }
    *model = v.u.index;
    return 0;
}

/* ---- vary items ---- */

/* The scale an item is searched on: as written, else logit for an
 * initial unskill or a range from 0, log otherwise. */
static fit_scale item_scale(const ast_vary *v, double lo)
{
    if (v->scale != VARY_SCALE_DEFAULT)
        return v->scale == VARY_SCALE_LOG ? FIT_SCALE_LOG : FIT_SCALE_LOGIT;
    return (v->skill && v->key[0] == 'u') || lo <= 0 ? FIT_SCALE_LOGIT : FIT_SCALE_LOG;
}

static int item_range(eval_ctx *ev, const ast_vary *v, double *lo, double *hi, fit_scale *scale)
{
    if (eval_interval(ev, v->range, "a vary item", lo, hi) != 0)
        return -1;
    *scale = item_scale(v, *lo);
    if (v->skill && v->key[0] == 'u' && (*lo < 0 || *hi > 1)) {
        diag_error(ev->d, v->range->at, "an initial unskill lies in [0, 1], not [%g, %g]", *lo, *hi);
        return -1;
    }
    if (*scale == FIT_SCALE_LOG && *lo <= 0) {
        diag_error(ev->d, v->range->at, "a range searched on a log scale needs 0 < lo, not %g", *lo);
        return -1;
    }
    return 0;
}

/* The skills item V names: *FIRST .. *FIRST + *N - 1. */
static int item_skills(eval_ctx *ev, const ast_vary *v, int *first, int *n, int *family)
{
    const ir_program *ir = ev->ir;
    int f = ir_find_family(ir, v->skill);
    *family = f >= 0 && !v->index;
    if (f >= 0 && v->index) {
        double i;
        if (eval_number(ev, v->index, "a member's number", &i) != 0)
            return -1;
        const ir_family *fam = &ir->families[f];
        if (!(i == floor(i) && i >= fam->lo && i < fam->lo + fam->n)) {
            diag_error(ev->d, v->index->at, "%s has members %d to %d, not %g", fam->name, fam->lo,
                       fam->lo + fam->n - 1, i);
            return -1;
        }
        *first = fam->first + (int)i - fam->lo;
        *n = 1;
        return 0;
    }
    if (f >= 0) {
        *first = ir->families[f].first;
        *n = ir->families[f].n;
        return 0;
    }
    *first = ir_find_skill(ir, v->skill);
    *n = 1;
    if (*first < 0 || v->index) {
        diag_error(ev->d, v->skill_loc, "'%s' is not a %s", v->skill, v->index ? "family" : "skill or family");
        return -1;
    }
    return 0;
}

static const char *item_name(eval_ctx *ev, const ast_vary *v, int first, int family)
{
    if (!v->skill)
        return v->key;
    return fitspec_name(ev, "%s_%s", v->key, family ? v->skill : ev->ir->skills[first].name);
}

static const char *param_label(eval_ctx *ev, const ast_vary *v, int skill, int each, int d)
{
    const char *what = v->skill ? fitspec_name(ev, "%s(%s)", v->key, ev->ir->skills[skill].name)
                                : v->key;
    return each ? fitspec_name(ev, "%s of data set %d", what, d + 1) : what;
}

static int add_item(eval_ctx *ev, fitspec *s, const ast_vary *v)
{
    double lo, hi;
    fit_scale scale;
    int first = -1, members = 1, family = 0, ndata = s->problem.ndata;
    if (item_range(ev, v, &lo, &hi, &scale) != 0 ||
        (v->skill && item_skills(ev, v, &first, &members, &family) != 0))
        return -1;
    if (v->each && ndata < 2) {
        diag_error(ev->d, v->each_at, "'each' gives one value per data set; this fit has one data set");
        return -1;
    }
    int per = v->each ? ndata : 1, count = members * per, start = s->problem.nparams;
    s->params = realloc(s->params, (size_t)(start + count) * sizeof *s->params);
    if (!s->params)
        abort();
    fit_kind kind = !v->skill ? FIT_KEY : v->key[0] == 'p' ? FIT_FREQ : FIT_INIT;
    for (int m = 0; m < members; m++)
        for (int d = 0; d < per; d++)
            s->params[start + m * per + d] =
                (fit_param){kind, v->key, first + m, param_label(ev, v, first + m, v->each, d), lo, hi,
                            scale, v->each ? d : -1, v->at};
    s->items[s->nitems++] = (fitspec_item){v, item_name(ev, v, first, family), start, count, members,
                                           per, family};
    s->problem.nparams += count;
    s->problem.params = s->params;
    return 0;
}

/* ---- clauses ---- */

static int clause_space(const ast_expr *e, fit_space *space)
{
    if (e->kind == E_NAME && strcmp(e->u.name, "levels") == 0)
        *space = FIT_SPACE_LEVELS;
    else if (e->kind == E_NAME && strcmp(e->u.name, "loss") == 0)
        *space = FIT_SPACE_LOSS;
    else
        *space = FIT_SPACE_LOG_LOSS;    /* the checker allowed nothing else */
    return 0;
}

static int clause_skills(eval_ctx *ev, fitspec *s, const ast_expr *e)
{
    int n = 0, cap = 0;
    for (int i = 0; i < e->u.list.items.n; i++) {
        const ast_expr *item = e->u.list.items.items[i];
        int index = item->kind == E_INDEX;
        ast_vary v = {"skills", item->at, (index ? item->u.index.obj : item)->u.name, item->at,
                      index ? item->u.index.index : NULL, NULL, 0, item->at, 0, item->at, item->at};
        int first, members, family;
        if (item_skills(ev, &v, &first, &members, &family) != 0)
            return -1;
        s->skills = xgrow(s->skills, &cap, n + members, sizeof *s->skills);
        for (int m = 0; m < members; m++)
            s->skills[n++] = first + m;
    }
    s->problem.skills = s->skills;
    s->problem.nskills = n;
    return 0;
}

static int apply_clause(eval_ctx *ev, fitspec *s, const ast_fitclause *k)
{
    fit_problem *p = &s->problem;
    double x;
    switch (k->word[0] == 's' ? k->word[1] : k->word[0]) {
    case 'o': return eval_interval(ev, k->value, "'on steps'", &p->step_lo, &p->step_hi);
    case 'c': return clause_space(k->value, &p->space);
    case 'k': return clause_skills(ev, s, k->value);
    default:
        if (eval_number(ev, k->value, "'starts'", &x) != 0)
            return -1;
        if (!(x >= 1 && x <= 1000 && x == floor(x))) {
            diag_error(ev->d, k->value->at, "'starts' must be a whole number from 1 to 1000, not %g", x);
            return -1;
        }
        p->starts = (int)x;
        return 0;
    }
}

int fitspec_build(eval_ctx *ev, int model, const ast_expr *data, const ast_vec *vary,
                  const ast_vec *clauses, loc at, fitspec *out)
{
    value v;
    if (eval_expr(ev, data, &v) != 0)
        return -1;
    int rc = fitspec_build_value(ev, model, v, data->at, vary, clauses, at, out);
    value_release(v);
    return rc;
}

int fitspec_build_value(eval_ctx *ev, int model, value data, loc data_at, const ast_vec *vary,
                        const ast_vec *clauses, loc at, fitspec *out)
{
    memset(out, 0, sizeof *out);
    out->problem = (fit_problem){.model = model, .step_lo = -INFINITY, .step_hi = INFINITY, .at = at};
    out->items = calloc((size_t)vary->n + 1, sizeof *out->items);
    if (!out->items)
        abort();
    int rc = take_data(ev, data, data_at, out);
    for (int i = 0; i < vary->n && rc == 0; i++)
        rc = add_item(ev, out, vary->items[i]);
    for (int i = 0; i < clauses->n && rc == 0; i++)
        rc = apply_clause(ev, out, clauses->items[i]);
    if (rc != 0)
        fitspec_free(out);
    return rc;
}

void fitspec_free(fitspec *s)
{
    free(s->params);
    free(s->items);
    free(s->data);
    free(s->skills);
    value_release(s->data_value);
    memset(s, 0, sizeof *s);
}
