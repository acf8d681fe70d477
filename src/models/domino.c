#include "domino.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The unscheduled skill of highest frequency (ties: declaration order)
 * whose needs the skills in DONE satisfy, or -1. */
static int next_skill(int K, const double *p, const ir_dep *const *needs, const int *slot, const char *done)
{
    int best = -1;
    for (int k = 0; k < K; k++) {
        if (slot[k] >= 0 || (needs[k] && !satisfied(needs[k], done)))
            continue;
        if (best < 0 || p[k] > p[best])
            best = k;
    }
    return best;
}

/* slot[k]: the round (0-based) in which model skill k is learned, or -1 if
 * it never is (beyond capacity, or its needs are never met).  Each round
 * every module learns one skill; a skill's needs must be complete by the
 * round's start, so with one module this is the serial Domino order. */
static void schedule(const backend_run *b, const double *p, const ir_dep *const *needs, int *slot)
{
    int K = b->K;
    long capacity = (long)b->set->capacity, modules = (long)b->set->modules, chosen = 0;
    char *done = calloc((size_t)b->nall + 1, 1);
    int *round_skills = malloc(((size_t)K + 1) * sizeof *round_skills);
    if (!done || !round_skills)
        abort();
    for (int k = 0; k < K; k++)
        slot[k] = -1;
    for (int round = 0; chosen < K && chosen < capacity; round++) {
        int n = 0;
        for (long m = 0; m < modules && chosen < capacity; m++) {
            int best = next_skill(K, p, needs, slot, done);
            if (best < 0)
                break;
            slot[best] = round;
            round_skills[n++] = best;
            chosen++;
        }
        if (n == 0)
            break;
        for (int i = 0; i < n; i++)
            done[b->skills[round_skills[i]]] = 1;
    }
    free(round_skills);
    free(done);
}

int domino_run(const backend_run *b, result **out)
{
    int K = b->K;
    int *slot = malloc(((size_t)K + 1) * sizeof *slot);
    const ir_dep **needs = calloc((size_t)K + 1, sizeof *needs);
    double *pk = malloc(((size_t)K + 1) * sizeof *pk);
    if (!slot || !needs || !pk)
        abort();
    if (backend_start_frequencies(b, pk) != 0) {
        free(slot); free(needs); free(pk);
        return -1;
    }
    for (int k = 0; k < K; k++)
        needs[k] = b->needs ? b->needs[b->skills[k]] : NULL;
    schedule(b, pk, needs, slot);
    /* a module has 1/modules of the parameters: eta / sqrt(modules) (§6.1) */
    double t0 = sqrt(b->set->modules) / b->set->eta;
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
    free(slot); free(needs); free(pk);
    if (rc != 0) {
        result_free(r);
        return -1;
    }
    *out = r;
    return 0;
}
