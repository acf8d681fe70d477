#include "domino.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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

typedef struct domino_state {
    const int *slot;            /* each skill's round, or -1: never learned */
    double t0;                  /* the steps a skill takes */
} domino_state;

/* A skill rises linearly over its round. */
static void domino_level(const void *ctx, int k, long step, double *level, double *unskill)
{
    const domino_state *d = ctx;
    double s = d->slot[k] < 0 ? 0 : ((double)step - d->slot[k] * d->t0) / d->t0;
    s = s < 0 ? 0 : s > 1 ? 1 : s;
    *level = s;
    *unskill = 1 - s;
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
    domino_state d = {slot, t0};
    int rc = backend_record_theory(b, pk, domino_level, &d, out);
    free(slot); free(needs); free(pk);
    return rc;
}
