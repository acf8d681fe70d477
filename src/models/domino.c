#include "domino.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

enum { CANCEL_EVERY = 4096 };   /* recorded rows between polls of b->cancel */

/* Is the formula D satisfied when the skills marked in DONE are learned? */
static int satisfied(const ir_dep *d, const char *done)
{
    switch (d->kind) {
    case DEP_SKILL: return done[d->skill];
    case DEP_AND: return satisfied(d->a, done) && satisfied(d->b, done);
    case DEP_OR: return satisfied(d->a, done) || satisfied(d->b, done);
    case DEP_NOT: return !satisfied(d->a, done);
    }
    return 0;
}

/* slot[k]: the position (0-based) at which model skill k is learned, or -1
 * if it never is (beyond capacity, or its needs are never met). */
static void schedule(const backend_run *b, const double *p, const ir_dep *const *needs, int *slot)
{
    int K = b->K;
    char *done = calloc((size_t)b->nall + 1, 1);
    long capacity = (long)b->set->capacity;
    for (int k = 0; k < K; k++)
        slot[k] = -1;
    for (int pos = 0; pos < K && pos < capacity; pos++) {
        int best = -1;
        for (int k = 0; k < K; k++) {
            if (slot[k] >= 0 || (needs[k] && !satisfied(needs[k], done)))
                continue;
            if (best < 0 || p[k] > p[best])     /* ties keep declaration order */
                best = k;
        }
        if (best < 0)
            break;
        slot[best] = pos;
        done[b->skills[best]] = 1;
    }
    free(done);
}

/* Every skill's frequency at t = 0, where every u is 1 and every level 0. */
static double *initial_frequencies(const backend_run *b)
{
    size_t n = (size_t)b->nall + 1;
    double *p = malloc(n * sizeof *p), *u = malloc(n * sizeof *u), *level = calloc(n, sizeof *level);
    if (!p || !u || !level)
        abort();
    for (int i = 0; i < b->nall; i++)
        u[i] = 1;
    dist_cache cache = {0, 0, 0, 0, 0};
    expr_env env = {b->params, 0, u, level, p, &cache};
    for (int i = 0; i < b->nall; i++)
        p[i] = expr_eval(b->freq[i], &env);
    free(u);
    free(level);
    return p;
}

int domino_run(const backend_run *b, result **out)
{
    int K = b->K;
    double *p = initial_frequencies(b);
    int *slot = malloc(((size_t)K + 1) * sizeof *slot);
    const ir_dep **needs = calloc((size_t)K + 1, sizeof *needs);
    double *pk = malloc(((size_t)K + 1) * sizeof *pk);
    for (int k = 0; k < K; k++) {
        pk[k] = p[b->skills[k]];
        needs[k] = b->needs ? b->needs[b->skills[k]] : NULL;
        if (!(pk[k] >= 0) || !isfinite(pk[k])) {
            char buf[NUMFMT_MAX];
            snprintf(b->err, b->errlen, "in model '%s', the frequency of '%s' is %s; frequencies "
                     "must be finite and not negative", b->model, b->names[k], numfmt(buf, pk[k]));
            free(p); free(slot); free(needs); free(pk);
            return -1;
        }
    }
    schedule(b, pk, needs, slot);
    double t0 = 1 / b->set->eta;
    result *r = result_new(b->model, K, backend_names(b), 0);
    memcpy(r->p0, pk, (size_t)K * sizeof *pk);
    int rc = 0;
    for (long step = 0; rc == 0; step = backend_next_record(b, step)) {
        double loss = 0;
        double *row = result_add_row(r, (double)step, 0, NULL);
        for (int k = 0; k < K; k++) {
            double s = slot[k] < 0 ? 0 : ((double)step - slot[k] * t0) / t0;
            s = s < 0 ? 0 : s > 1 ? 1 : s;
            row[k] = s;
            loss += pk[k] * (1 - s) * (1 - s);
        }
        r->loss[r->nrec - 1] = loss;
        if (step >= b->steps)
            break;
        if ((r->nrec & (CANCEL_EVERY - 1)) == 0)
            rc = backend_cancelled(b);
    }
    free(p); free(slot); free(needs); free(pk);
    if (rc != 0) {
        result_free(r);
        return -1;
    }
    *out = r;
    return 0;
}
