#include "quanta.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* learns[k]: whether model skill k is among the CAPACITY most frequent
 * (ties: declaration order). */
static void within_capacity(const double *p, int K, double capacity, char *learns)
{
    for (int k = 0; k < K; k++) {
        long ahead = 0;
        for (int j = 0; j < K; j++)
            ahead += p[j] > p[k] || (p[j] == p[k] && j < k);
        learns[k] = ahead < capacity;
    }
}

typedef struct quanta_state {
    const double *p;
    const char *learns;
    double eta;
} quanta_state;

static void quanta_level(const void *ctx, int k, long step, double *level, double *unskill)
{
    const quanta_state *q = ctx;
    /* as paper/laws.skill's quanta_level writes it, to the bit */
    double u = q->learns[k] ? exp(-q->eta * q->p[k] * (double)step) : 1;
    *level = 1 - u;
    *unskill = u;
}

int quanta_run(const backend_run *b, result **out)
{
    int K = b->K;
    double *pk = malloc(((size_t)K + 1) * sizeof *pk);
    char *learns = malloc((size_t)K + 1);
    if (!pk || !learns)
        abort();
    if (backend_start_frequencies(b, pk) != 0) {
        free(pk); free(learns);
        return -1;
    }
    within_capacity(pk, K, b->set->capacity, learns);
    quanta_state q = {pk, learns, b->set->eta};
    int rc = backend_record_theory(b, pk, quanta_level, &q, out);
    free(pk); free(learns);
    return rc;
}
