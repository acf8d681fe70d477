#include "fitresult.h"

#include <math.h>
#include <string.h>

#include "result.h"

enum { NSCORES = 9 };
static const char *const score_keys[NSCORES] = {"residual", "rss", "n", "aic", "bic", "converged",
                                                "evaluations", "undetermined", "run"};

/* An item's numbers from XS (value or err): one number, a vector over its
 * members or its data sets, or for a family fitted per data set a list of
 * one vector per data set. */
static value item_value(const fitspec_item *it, const double *xs)
{
    if (it->count == 1)
        return value_num(xs[it->first]);
    if (it->members == 1 || it->per_data == 1) {
        value v = value_vec(it->count);
        memcpy(v.u.obj->u.vec.x, xs + it->first, (size_t)it->count * sizeof *xs);
        return v;
    }
    value list = value_list(it->per_data);
    for (int d = 0; d < it->per_data; d++) {
        value v = value_vec(it->members);
        for (int m = 0; m < it->members; m++)
            v.u.obj->u.vec.x[m] = xs[it->first + m * it->per_data + d];
        list.u.obj->u.list.items[d] = v;
    }
    return list;
}

static value undetermined_list(const fitspec *s, const fit_outcome *o)
{
    int n = 0;
    for (int j = 0; j < o->nparams; j++)
        n += !o->determined[j];
    value list = value_list(n);
    for (int j = 0, i = 0; j < o->nparams; j++)
        if (!o->determined[j]) {
            const char *label = s->params[j].label;
            list.u.obj->u.list.items[i++] = value_str(label, strlen(label));
        }
    return list;
}

/* The fitted runs: one, or a list for several data sets (taken from O). */
static value runs_value(fit_outcome *o)
{
    value v;
    if (o->ndata == 1) {
        v = value_result(o->runs[0]);
    } else {
        v = value_list(o->ndata);
        for (int d = 0; d < o->ndata; d++)
            v.u.obj->u.list.items[d] = value_result(o->runs[d]);
    }
    memset(o->runs, 0, (size_t)o->ndata * sizeof *o->runs);
    return v;
}

value fitresult_record(eval_ctx *ev, const fitspec *s, fit_outcome *o, int extra)
{
    int n = 2 * s->nitems;
    value r = value_record(n + NSCORES + extra);
    const char **keys = r.u.obj->u.rec.keys;
    value *vals = r.u.obj->u.rec.vals;
    for (int i = 0; i < s->nitems; i++) {
        const fitspec_item *it = &s->items[i];
        keys[2 * i] = it->name;
        keys[2 * i + 1] = fitspec_name(ev, "%s_err", it->name);
        vals[2 * i] = item_value(it, o->value);
        vals[2 * i + 1] = item_value(it, o->err);
    }
    for (int i = 0; i < NSCORES; i++)
        keys[n + i] = score_keys[i];
    double nums[] = {o->residual, o->rss, (double)o->n, o->aic, o->bic};
    for (int i = 0; i < 5; i++)
        vals[n + i] = value_num(nums[i]);
    vals[n + 5] = value_bool(o->converged);
    vals[n + 6] = value_num(o->evaluations);
    vals[n + 7] = undetermined_list(s, o);
    vals[n + 8] = runs_value(o);
    return r;
}

void fitresult_remarks(eval_ctx *ev, const fitspec *s, const fit_outcome *o)
{
    for (int i = 0; i < s->nitems; i++) {
        const fitspec_item *it = &s->items[i];
        int missing = 0, first = -1;
        for (int j = it->first; j < it->first + it->count; j++)
            if (!o->determined[j]) {
                missing++;
                first = first < 0 ? j : first;
            }
        if (!missing)
            continue;
        const fit_param *q = &s->params[first];
        if (o->rough[first]) {
            diag_remark(ev->d, it->ast->at, "the fitted curves jump as %s changes instead of following it "
                        "smoothly; %s NaN", q->label, missing == 1 ? "it is" : "this item's values are");
            diag_hint(ev->d, "a gate that opens only as a prerequisite's unskill underflows (sharp(gamma) with a "
                      "small gamma) makes later skills start at a step that jumps with every parameter; "
                      "compare the skills before it ('skills [...]'), or use a smoother gate or solver");
            continue;
        }
        if (missing == 1 && o->at_end[first]) {
            diag_remark(ev->d, it->ast->at, "the best fits put %s at the %s end of [%g, %g], where the "
                        "curves no longer follow it; it is NaN", q->label,
                        o->at_end[first] < 0 ? "lower" : "upper", q->lo, q->hi);
            diag_hint(ev->d, "the data say only that %s is about %g or %s; widen the range if that end is "
                      "not a real limit", q->label, o->at_end[first] < 0 ? q->lo : q->hi,
                      o->at_end[first] < 0 ? "less" : "more");
            continue;
        }
        if (missing == 1)
            diag_remark(ev->d, it->ast->at, "the data do not determine %s in [%g, %g]; it is NaN", q->label,
                        q->lo, q->hi);
        else
            diag_remark(ev->d, it->ast->at, "the data do not determine %d of this item's %d values "
                        "(%s first); they are NaN", missing, it->count, q->label);
        diag_hint(ev->d, "the fitted curves hardly change with it, or change with it only as they change "
                         "with other parameters (only a combination is determined)");
    }
}
