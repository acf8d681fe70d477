#include "backend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

int backend_cancelled(const backend_run *b)
{
    if (!cancel_requested(b->cancel))
        return 0;
    snprintf(b->err, b->errlen, "interrupted");
    return -1;
}

const char **backend_names(const backend_run *b)
{
    const char **names = malloc(((size_t)b->K + 1) * sizeof *names);
    if (!names)
        abort();
    memcpy(names, b->names, (size_t)b->K * sizeof *names);
    return names;
}

int backend_start_frequencies(const backend_run *b, double *p)
{
    size_t n = (size_t)b->nall + 1;
    double *all = malloc(n * sizeof *all), *u = malloc(n * sizeof *u), *level = calloc(n, sizeof *level);
    if (!all || !u || !level)
        abort();
    for (int i = 0; i < b->nall; i++)
        u[i] = 1;
    dist_cache cache = {0, 0, 0, 0, 0};
    expr_env env = {b->params, 0, u, level, all, &cache};
    for (int i = 0; i < b->nall; i++)
        all[i] = expr_eval(b->freq[i], &env);
    int rc = 0;
    for (int k = 0; k < b->K && rc == 0; k++) {
        p[k] = all[b->skills[k]];
        if (p[k] >= 0 && isfinite(p[k]))
            continue;
        char buf[NUMFMT_MAX];
        snprintf(b->err, b->errlen, "in model '%s', the frequency of '%s' is %s; frequencies "
                 "must be finite and not negative", b->model, b->names[k], numfmt(buf, p[k]));
        rc = -1;
    }
    free(all);
    free(u);
    free(level);
    return rc;
}

enum { CANCEL_EVERY = 4096 };   /* recorded rows between polls of b->cancel */

int backend_record_theory(const backend_run *b, const double *p, backend_level_fn level, const void *ctx,
                          result **out)
{
    result *r = result_new(b->model, b->K, backend_names(b), 0);
    memcpy(r->p0, p, (size_t)b->K * sizeof *p);
    int rc = 0;
    for (long step = 0; rc == 0; step = backend_next_record(b, step)) {
        double loss = 0, *row = result_add_row(r, (double)step, 0, NULL);
        for (int k = 0; k < b->K; k++) {
            double u;
            level(ctx, k, step, &row[k], &u);
            loss += p[k] * u * u;
        }
        r->loss[r->nrec - 1] = loss;
        if (step >= b->steps)
            break;
        if ((r->nrec & (CANCEL_EVERY - 1)) == 0)
            rc = backend_cancelled(b);
    }
    if (rc != 0) {
        result_free(r);
        return -1;
    }
    *out = r;
    return 0;
}
