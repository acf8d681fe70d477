#include "builtins.h"

#include "optim.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

double builtin_sigmoid(double x)
{
    /* Written so that neither branch overflows. */
    if (x >= 0)
        return 1 / (1 + exp(-x));
    double z = exp(x);
    return z / (1 + z);
}

static double step_fn(double x) { return x > 0 ? 1 : 0; }
static double sign_fn(double x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }

static double dist_weight(int dist, double param, int k)
{
    return dist == DIST_ZIPF ? pow(k, -param) : dist == DIST_EXPONENTIAL ? exp(-param * (k - 1)) : 1.0;
}

double builtin_distribution(dist_cache *cache, int dist, double param, int i, int n)
{
    double total;
    if (cache && cache->valid && cache->dist == dist && cache->n == n &&
        (cache->param == param || (isnan(param) && isnan(cache->param)))) {
        total = cache->total;
    } else {
        total = 0;
        for (int k = 1; k <= n; k++)
            total += dist_weight(dist, param, k);
        if (cache)
            *cache = (dist_cache){dist, n, 1, param, total};
    }
    return dist_weight(dist, param, i) / total;
}

static const builtin table[] = {
    {"exp", BI_MATH1, 1, 1, exp, NULL, 0, 0},
    {"log", BI_MATH1, 1, 1, log, NULL, 0, 0},
    {"log10", BI_MATH1, 1, 1, log10, NULL, 0, 0},
    {"sqrt", BI_MATH1, 1, 1, sqrt, NULL, 0, 0},
    {"cos", BI_MATH1, 1, 1, cos, NULL, 0, 0},
    {"sin", BI_MATH1, 1, 1, sin, NULL, 0, 0},
    {"abs", BI_MATH1, 1, 1, fabs, NULL, 0, 0},
    {"floor", BI_MATH1, 1, 1, floor, NULL, 0, 0},
    {"ceil", BI_MATH1, 1, 1, ceil, NULL, 0, 0},
    {"sigmoid", BI_MATH1, 1, 1, builtin_sigmoid, NULL, 0, 0},
    {"step", BI_MATH1, 1, 1, step_fn, NULL, 0, 0},
    {"sign", BI_MATH1, 1, 1, sign_fn, NULL, 0, 0},
    {"min", BI_MINMAX, 1, -1, NULL, NULL, 0, MINMAX_MIN},
    {"max", BI_MINMAX, 1, -1, NULL, NULL, 0, MINMAX_MAX},
    {"pi", BI_CONST, 0, 0, NULL, NULL, M_PI, 0},
    {"e", BI_CONST, 0, 0, NULL, NULL, M_E, 0},
    {"sum", BI_VECTOR, 1, 1, NULL, NULL, 0, VEC_SUM},
    {"mean", BI_VECTOR, 1, 1, NULL, NULL, 0, VEC_MEAN},
    {"len", BI_VECTOR, 1, 1, NULL, NULL, 0, VEC_LEN},
    {"linspace", BI_VECTOR, 3, 3, NULL, NULL, 0, VEC_LINSPACE},
    {"logspace", BI_VECTOR, 3, 3, NULL, NULL, 0, VEC_LOGSPACE},
    {"median", BI_VECTOR, 1, 1, NULL, NULL, 0, VEC_MEDIAN},
    {"find", BI_VECTOR, 2, 2, NULL, NULL, 0, VEC_FIND},
    {"count", BI_VECTOR, 1, 1, NULL, NULL, 0, VEC_COUNT},
    {"quantile", BI_VECTOR, 2, 2, NULL, NULL, 0, VEC_QUANTILE},
    {"stderr", BI_VECTOR, 1, 1, NULL, NULL, 0, VEC_STDERR},
    {"zipf", BI_DISTRIBUTION, 1, 1, NULL, NULL, 0, DIST_ZIPF},
    {"exponential", BI_DISTRIBUTION, 1, 1, NULL, NULL, 0, DIST_EXPONENTIAL},
    {"uniform", BI_DISTRIBUTION, 0, 0, NULL, NULL, 0, DIST_UNIFORM},
    {"u", BI_STATE, 1, 1, NULL, NULL, 0, STATE_U},
    {"s", BI_STATE, 1, 1, NULL, NULL, 0, STATE_S},
    {"p", BI_STATE, 1, 1, NULL, NULL, 0, STATE_P},
    {"gram", BI_MODEL_FN, 1, 1, NULL, NULL, 0, MODEL_FN_GRAM},
    {"from_correlation", BI_MODEL_FN, 1, 1, NULL, NULL, 0, MODEL_FN_FROM_CORRELATION},
    {"final_loss", BI_QUERY, 1, 1, NULL, NULL, 0, QUERY_FINAL_LOSS},
    {"loss_at", BI_QUERY, 2, 2, NULL, NULL, 0, QUERY_LOSS_AT},
    {"level", BI_QUERY, 3, 3, NULL, NULL, 0, QUERY_LEVEL},
    {"time_to", BI_QUERY, 3, 3, NULL, NULL, 0, QUERY_TIME_TO},
    {"closed_form_time", BI_QUERY, 3, 3, NULL, NULL, 0, QUERY_CLOSED_FORM},
    {"collapse", BI_QUERY, 2, 2, NULL, NULL, 0, QUERY_COLLAPSE},
    {"series", BI_QUERY, 3, 3, NULL, NULL, 0, QUERY_SERIES},
    {"fit_powerlaw", BI_QUERY, 2, 4, NULL, NULL, 0, QUERY_FIT_POWERLAW},
    {"two_point_slope", BI_QUERY, 4, 4, NULL, NULL, 0, QUERY_TWO_POINT},
    {"jackknife_slope", BI_QUERY, 4, 4, NULL, NULL, 0, QUERY_JACKKNIFE_SLOPE},
    {"jackknife_powerlaw", BI_QUERY, 2, 4, NULL, NULL, 0, QUERY_JACKKNIFE_POWERLAW},
    {"bootstrap_slope", BI_QUERY, 4, 5, NULL, NULL, 0, QUERY_BOOTSTRAP_SLOPE},
    {"bootstrap_powerlaw", BI_QUERY, 2, 5, NULL, NULL, 0, QUERY_BOOTSTRAP_POWERLAW},
    {"t_slope", BI_QUERY, 4, 4, NULL, NULL, 0, QUERY_T_SLOPE},
    {"t_powerlaw", BI_QUERY, 2, 4, NULL, NULL, 0, QUERY_T_POWERLAW},
    {"noisy", BI_QUERY, 3, 3, NULL, NULL, 0, QUERY_NOISY},
    {"clock", BI_CLOCK, 0, 0, NULL, NULL, 0, 0},
    {"load", BI_LOAD, 1, 1, NULL, NULL, 0, 0},
};

enum { NBUILTINS = sizeof table / sizeof *table, MAX_OPTIMIZERS = 32 };

/* The optimizers are optim.c's table; each stands here as a BI_OPTIMIZER
 * row whose id is its optim_kind, made once (runs may look names up from
 * several threads). */
static builtin optimizer_table[MAX_OPTIMIZERS];
static int noptimizers;
static pthread_once_t optimizers_made = PTHREAD_ONCE_INIT;

static void make_optimizer_rows(void)
{
    for (const optim_info *o; noptimizers < MAX_OPTIMIZERS && (o = optim_at(noptimizers)); noptimizers++)
        optimizer_table[noptimizers] = (builtin){o->name, BI_OPTIMIZER, 0, -1, NULL, NULL, 0, (int)o->kind};
}

static const builtin *optimizer_rows(int *count)
{
    pthread_once(&optimizers_made, make_optimizer_rows);
    *count = noptimizers;
    return optimizer_table;
}

const builtin *builtin_find(const char *name)
{
    for (int i = 0; i < NBUILTINS; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    int n;
    const builtin *rows = optimizer_rows(&n);
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].name, name) == 0)
            return &rows[i];
    return NULL;
}

/* In the order of the kinds: the optimizers come after the state functions. */
const char *const *builtin_names(void)
{
    static const char *names[NBUILTINS + MAX_OPTIMIZERS + 1];
    if (names[0])
        return names;
    int n, k = 0;
    const builtin *rows = optimizer_rows(&n);
    for (int i = 0; i < NBUILTINS; i++)
        if (table[i].kind < BI_OPTIMIZER)
            names[k++] = table[i].name;
    for (int i = 0; i < n; i++)
        names[k++] = rows[i].name;
    for (int i = 0; i < NBUILTINS; i++)
        if (table[i].kind > BI_OPTIMIZER)
            names[k++] = table[i].name;
    return names;
}
