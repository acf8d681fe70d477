/* fitstub.c - TEMPORARY stand-in for fitmulti.c until the fit engine lands:
 * only the nparams = 0 case (the model run as declared, its rss, AIC and
 * BIC).  Deleted when the engine is merged. */
#include "fitmulti.h"

#include <math.h>
#include <stdlib.h>

static run_span data_span(const result *t, loc at)
{
    double steps = t->nrec ? t->steps[t->nrec - 1] : 0;
    double every = t->nrec > 1 ? t->steps[1] - t->steps[0] : 1;
    return (run_span){steps, every, at, at, at};
}

static int compared(const fit_problem *p, int skill)
{
    if (!p->skills)
        return 1;
    for (int k = 0; k < p->nskills; k++)
        if (p->skills[k] == skill)
            return 1;
    return 0;
}

static void score(eval_ctx *ev, const fit_problem *p, const result *data, const result *run,
                  double *rss, long *n)
{
    for (int kd = 0; kd < data->nskills; kd++) {
        int kr = result_skill(run, data->names[kd]);
        int skill = ir_find_skill(ev->ir, data->names[kd]);
        if (kr < 0 || skill < 0 || !compared(p, skill))
            continue;
        for (int row = 0; row < data->nrec; row++) {
            double step = data->steps[row], want = data->levels[(size_t)row * data->nskills + kd];
            int rr = result_row_at(run, step);
            if (step < p->step_lo || step > p->step_hi || isnan(want) || rr < 0)
                continue;
            double d = want - run->levels[(size_t)rr * run->nskills + kr];
            *rss += d * d;
            (*n)++;
        }
    }
}

int fit_solve(eval_ctx *ev, const fit_problem *p, fit_outcome *out)
{
    *out = (fit_outcome){0};
    if (p->nparams != 0) {
        diag_error(ev->d, p->at, "fits of several parameters are not available yet");
        return -1;
    }
    out->ndata = p->ndata;
    out->runs = calloc((size_t)p->ndata + 1, sizeof *out->runs);
    run_overrides ovr = {NULL, NULL, p->bfactor};
    for (int d = 0; d < p->ndata; d++) {
        run_span span = data_span(p->data[d], p->at);
        if (run_model(ev, p->model, NULL, 0, &ovr, &span, &out->runs[d]) != 0) {
            fit_outcome_free(out);
            return -1;
        }
        out->evaluations++;
        score(ev, p, p->data[d], out->runs[d], &out->rss, &out->n);
    }
    if (out->n == 0) {
        diag_error(ev->d, p->at, "the model and the data have no point in common to compare");
        fit_outcome_free(out);
        return -1;
    }
    out->residual = out->rss / (double)out->n;
    out->aic = (double)out->n * log(out->residual);
    out->bic = out->aic;
    out->converged = 1;
    return 0;
}

void fit_outcome_free(fit_outcome *o)
{
    for (int d = 0; o->runs && d < o->ndata; d++)
        result_free(o->runs[d]);
    free(o->runs);
    free(o->value);
    free(o->err);
    free(o->determined);
    *o = (fit_outcome){0};
}
