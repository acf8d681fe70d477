#include "quanta.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { CANCEL_EVERY = 4096 };   /* recorded rows between polls of b->cancel */

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
    double eta = b->set->eta;
    result *r = result_new(b->model, K, backend_names(b), 0);
    memcpy(r->p0, pk, (size_t)K * sizeof *pk);
    int rc = 0;
    for (long step = 0; rc == 0; step = backend_next_record(b, step)) {
        double loss = 0;
        double *row = result_add_row(r, (double)step, 0, NULL);
        for (int k = 0; k < K; k++) {
            /* as paper/laws.skill's quanta_level writes it, to the bit */
            double u = learns[k] ? exp(-eta * pk[k] * (double)step) : 1;
            row[k] = 1 - u;
            loss += pk[k] * u * u;
        }
        r->loss[r->nrec - 1] = loss;
        if (step >= b->steps)
            break;
        if ((r->nrec & (CANCEL_EVERY - 1)) == 0)
            rc = backend_cancelled(b);
    }
    free(pk); free(learns);
    if (rc != 0) {
        result_free(r);
        return -1;
    }
    *out = r;
    return 0;
}
