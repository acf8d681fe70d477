#include "noisy.h"

#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "result.h"

/* Every recorded level and the loss get independent N(0, sigma^2) noise,
 * drawn row by row, skills in order, then the loss, from mt19937 seeded with
 * SEED: the same seed gives the same data on every machine.  A missing value
 * (NAN, from a data file) stays missing. */
static void add_noise(result *r, double sigma, unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    for (int row = 0; row < r->nrec; row++) {
        double *lv = r->levels + (size_t)row * r->nskills;
        for (int k = 0; k < r->nskills; k++)
            if (!isnan(lv[k]))
                lv[k] += gsl_ran_gaussian_ziggurat(rng, sigma);
        if (!isnan(r->loss[row]))
            r->loss[row] += gsl_ran_gaussian_ziggurat(rng, sigma);
    }
    gsl_rng_free(rng);
}

int noisy_result(eval_ctx *ev, const ast_expr *e, value *args, value *out)
{
    if (args[0].kind != V_RESULT) {
        diag_error(ev->d, e->at, "noisy(r, sigma, seed) needs a run result, not %s",
                   value_kind_name(args[0].kind));
        return -1;
    }
    double sigma = args[1].kind == V_NUM ? args[1].u.num : NAN;
    double seed = args[2].kind == V_NUM ? args[2].u.num : NAN;
    if (!(sigma >= 0 && isfinite(sigma)) || !(seed >= 0 && seed <= 4294967295.0 && seed == floor(seed))) {
        diag_error(ev->d, e->at, "noisy(r, sigma, seed) needs sigma >= 0 and a whole seed from 0 to 4294967295");
        diag_hint(ev->d, "sigma is the standard deviation of the noise added to each level and the loss");
        return -1;
    }
    result *r = result_copy(args[0].u.obj->u.res);
    add_noise(r, sigma, (unsigned long)seed);
    *out = value_result(r);
    return 0;
}
