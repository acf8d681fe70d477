#include "resource.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

#include "builtins.h"
#include "modelkeys.h"
#include "numfmt.h"
#include "twin.h"

/* msbdf's Jacobian is dense: K x K doubles. */
enum { MSBDF_MAX_SKILLS = 4000, PROGRESS_EVERY = 256, MAX_SUBSTEPS = 100000 };

typedef struct rmodel {
    const backend_run *b;
    const ir_settings *set;
    int K;
    int ce, clamp, gated;
    double eta, N0;
    double *u, *lvl, *p, *B;    /* indexed by program skill */
    double *x, *px, *num;       /* indexed by model skill */
    int dyn_p, dyn_b;
    int dyn_rate;               /* eta or N0 follows t or the state */
    expr_env env;
    dist_cache cache;
    int bad_skill;              /* a frequency or gate went wrong: which */
    const char *bad_key;        /* or eta or N0 did: "eta", "N0" */
    double bad_value;
} rmodel;

static double softplus_neg(double s)    /* -log sigmoid(s) = log(1 + e^-s) */
{
    return s > 0 ? log1p(exp(-s)) : -s + log1p(exp(s));
}

/* In the fast path (no gate reads u) u below the smallest normal double is
 * flushed to 0 with the clamp: the tail of a geometric decay would otherwise
 * run on subnormal numbers, tens of times slower, for differences no result
 * can show.  A gate such as 1 - u^gamma does see them (1e-310^0.001 is
 * 0.49), so the general path keeps the reference's plain clamp. */
static inline double clamp_u(double v)
{
    return v < DBL_MIN ? 0 : v;
}

/* Views of the state Y that expressions and the right-hand side read. */
static void set_state(rmodel *m, const double *y)
{
    const int *sk = m->b->skills;
    for (int k = 0; k < m->K; k++) {
        int i = sk[k];
        if (m->ce) {
            double level = builtin_sigmoid(y[k]);
            m->x[k] = builtin_sigmoid(-y[k]);
            m->u[i] = m->x[k];
            m->lvl[i] = level;
        } else {
            double u = m->clamp && y[k] < 0 ? 0 : y[k];
            m->x[k] = u;
            m->u[i] = u;
            m->lvl[i] = 1 - u;
        }
    }
}

/* KEY's program at the current time and state into *OUT: finite and not
 * negative (a schedule may reach 0), or -1. */
static int eval_rate(rmodel *m, const expr_prog *prog, const char *key, double *out)
{
    if (!prog)
        return 0;
    *out = expr_eval(prog, &m->env);
    if (*out >= 0 && isfinite(*out))
        return 0;
    m->bad_key = key;
    m->bad_value = *out;
    return -1;
}

/* Frequencies, dependency factors, eta and N0 that vary with t or the
 * state, in that order: eta and N0 may read p(X). */
static int eval_dynamic(rmodel *m, double t)
{
    const int *sk = m->b->skills;
    m->env.t = t;
    if (m->dyn_p)
        for (int k = 0; k < m->K; k++) {
            int i = sk[k];
            if (!expr_is_constant(m->b->freq[i]))
                m->p[i] = expr_eval(m->b->freq[i], &m->env);
            if (!(m->p[i] >= 0) || !isfinite(m->p[i])) {
                m->bad_skill = i;
                m->bad_value = m->p[i];
                return -1;
            }
        }
    if (m->dyn_b)
        for (int k = 0; k < m->K; k++) {
            int i = sk[k];
            if (m->b->bfactor && m->b->bfactor[i])
                m->B[i] = expr_eval(m->b->bfactor[i], &m->env);
            if (!isfinite(m->B[i])) {
                m->bad_skill = -1 - i;
                m->bad_value = m->B[i];
                return -1;
            }
        }
    if (m->dyn_rate)
        return eval_rate(m, m->b->eta, "eta", &m->eta) != 0 || eval_rate(m, m->b->N0, "N0", &m->N0) != 0
               ? -1 : 0;
    return 0;
}

static double denominator(const rmodel *m)
{
    const int *sk = m->b->skills;
    double D = 0;
    for (int k = 0; k < m->K; k++) {
        int i = sk[k];
        D += (m->gated ? m->B[i] : 1) * m->p[i] * m->x[k];
    }
    return D + m->N0;
}

/* num_k = sum_m C_km p_m x_m, the identity needing no matrix. */
static void numerators(rmodel *m)
{
    const int *sk = m->b->skills;
    for (int k = 0; k < m->K; k++)
        m->px[k] = m->p[sk[k]] * m->x[k];
    if (!m->b->corr) {
        memcpy(m->num, m->px, (size_t)m->K * sizeof *m->num);
        return;
    }
    for (int k = 0; k < m->K; k++) {
        const double *row = m->b->corr + (size_t)k * m->K;
        double s = 0;
        for (int j = 0; j < m->K; j++)
            s += row[j] * m->px[j];
        m->num[k] = s;
    }
}

/* dy/dt at time T; the Euler step uses the same with dt = 1. */
static int rhs(rmodel *m, double t, const double *y, double *dydt)
{
    set_state(m, y);
    if (eval_dynamic(m, t) != 0)
        return -1;
    double denom = denominator(m);
    numerators(m);
    double sign = m->ce ? 1 : -1;
    const int *sk = m->b->skills;
    for (int k = 0; k < m->K; k++) {
        double d = denom > 0 ? sign * m->eta * m->B[sk[k]] * m->num[k] / denom : 0;
        if (!m->ce && m->clamp && y[k] <= 0 && d < 0)
            d = 0;
        dydt[k] = d;
    }
    return 0;
}

static double loss_of(const rmodel *m, const double *y)
{
    const int *sk = m->b->skills;
    double loss = 0;
    for (int k = 0; k < m->K; k++) {
        int i = sk[k];
        loss += m->p[i] * (m->ce ? softplus_neg(y[k]) : m->u[i] * m->u[i]);
    }
    return loss;
}

static int record(rmodel *m, result *r, long step, const double *y)
{
    set_state(m, y);
    if (eval_dynamic(m, (double)step) != 0)
        return -1;
    double *row = result_add_row(r, (double)step, loss_of(m, y), NULL);
    for (int k = 0; k < m->K; k++)
        row[k] = m->lvl[m->b->skills[k]];
    return 0;
}

static const char *skill_name(const rmodel *m, int program_index)
{
    for (int k = 0; k < m->K; k++)
        if (m->b->skills[k] == program_index)
            return m->b->names[k];
    return "?";
}

static int fail_dynamic(const rmodel *m, long step)
{
    const backend_run *b = m->b;
    char buf[NUMFMT_MAX];
    int i = m->bad_skill;
    if (m->bad_key)
        snprintf(b->err, b->errlen, "in model '%s' at step %ld, %s is %s; an %s that follows t or the "
                 "state must be finite and not negative", b->model, step, m->bad_key,
                 numfmt(buf, m->bad_value), m->bad_key);
    else if (i >= 0)
        snprintf(b->err, b->errlen, "in model '%s' at step %ld, the frequency of '%s' is %s; "
                 "frequencies must be finite and not negative", b->model, step, skill_name(m, i),
                 numfmt(buf, m->bad_value));
    else
        snprintf(b->err, b->errlen, "in model '%s' at step %ld, the dependency factor B of '%s' is %s; "
                 "check its gate", b->model, step, skill_name(m, -1 - i), numfmt(buf, m->bad_value));
    return -1;
}

/* What may make the equations blow up, for advice: "", ", and check the gates", ... */
static const char *suspects(const rmodel *m)
{
    return m->b->corr && m->dyn_b ? ", and check the correlation matrix and the gates"
         : m->b->corr ? ", and check the correlation matrix"
         : m->dyn_b ? ", and check the gates" : "";
}

/* Euler's steps can overshoot where the equations do not; an adaptive
 * solver that meets infinity has followed the equations there. */
static int fail_diverged(const rmodel *m, long step, int k, double v)
{
    char buf[NUMFMT_MAX];
    int euler = m->set->solver == SOLVER_EULER;
    snprintf(m->b->err, m->b->errlen, "model '%s' diverged at step %ld: the state of '%s' is %s; %s%s",
             m->b->model, step, m->b->names[k], numfmt(buf, v),
             euler ? "lower eta (Euler's steps of 1 may overshoot) or use solver = rk8pd"
                   : "the equations themselves blow up: lower eta", suspects(m));
    return -1;
}

static const char *solver_name(ir_solver s)
{
    return model_key_word(model_key_named("solver"), (int)s);
}

/* msbdf for stiff systems, unless it is the one that failed or the model
 * is too large for it; Euler's fixed steps then show where it blows up. */
static int fail_solver(const rmodel *m, double t, int status)
{
    ir_solver s = m->set->solver;
    const char *other = s != SOLVER_MSBDF && m->K <= MSBDF_MAX_SKILLS
                        ? "solver = msbdf (for stiff systems)" : "solver = euler (fixed steps)";
    snprintf(m->b->err, m->b->errlen, "the %s solver failed in model '%s' near step %.0f (%s); "
             "the system may be stiff or blowing up: try %s, a looser tol, or a smaller eta",
             solver_name(s), m->b->model, t, gsl_strerror(status), other);
    return -1;
}

static int run_euler(rmodel *m, result *r, double *y, double *dydt)
{
    const backend_run *b = m->b;
    for (long t = 0; t < b->steps; t++) {
        if (rhs(m, (double)t, y, dydt) != 0)
            return fail_dynamic(m, t);
        for (int k = 0; k < m->K; k++) {
            double v = y[k] + dydt[k];
            if (m->clamp && !m->ce && v < 0)
                v = 0;
            if (!isfinite(v))
                return fail_diverged(m, t + 1, k, v);
            y[k] = v;
        }
        if (backend_records(b, t + 1) && record(m, r, t + 1, y) != 0)
            return fail_dynamic(m, t + 1);
        if ((t & (PROGRESS_EVERY - 1)) == 0) {
            progress_update(b->prog, (double)t, (double)b->steps);
            if (backend_cancelled(b) != 0)
                return -1;
        }
    }
    return 0;
}

/* The common case -- constant frequencies, no gates, identity correlation,
 * squared error -- in one pass a step: the update of u and the next step's
 * D = sum p u are fused.  Same arithmetic as rhs(), so the same numbers. */
static int fast_path(const rmodel *m)
{
    return !m->dyn_p && !m->dyn_b && !m->dyn_rate && !m->b->corr && !m->ce && m->clamp;
}

enum { PARTIAL_SUMS_FROM = 64 };

typedef double v4d __attribute__((vector_size(32)));
typedef long long v4l __attribute__((vector_size(32)));

/* Long models, four skills at a time (AVX2 where the processor has it):
 * u - factor p u, clamped, and the next sum p u, in one pass. */
__attribute__((target_clones("avx2", "default")))
static double step_long(double *y, const double *p, int K, double factor)
{
    const v4d f = {factor, factor, factor, factor};
    const v4d tiny = {DBL_MIN, DBL_MIN, DBL_MIN, DBL_MIN};
    v4d acc = {0, 0, 0, 0};
    int k = 0;
    for (; k + 4 <= K; k += 4) {
        v4d yy, pp;
        memcpy(&yy, y + k, sizeof yy);
        memcpy(&pp, p + k, sizeof pp);
        v4d v = yy - pp * yy * f;
        v = (v4d)((v4l)v & (v4l)(v >= tiny));
        memcpy(y + k, &v, sizeof v);
        acc += pp * v;
    }
    double D = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (; k < K; k++) {
        double v = clamp_u(y[k] - p[k] * y[k] * factor);
        y[k] = v;
        D += p[k] * v;
    }
    return D;
}

/* Short models (K < 64) step with the reference formula to the last bit.
 * Long ones keep partial sums and multiply by eta / denom: the last bits
 * differ from the plain loop, and the loop runs several times faster. */
static double step_fused(double *y, const double *p, int K, double eta, double denom)
{
    if (K >= PARTIAL_SUMS_FROM)
        return step_long(y, p, K, eta / denom);
    double D = 0;
    for (int k = 0; k < K; k++) {
        double v = clamp_u(y[k] - eta * (p[k] * y[k]) / denom);
        y[k] = v;
        D += p[k] * v;
    }
    return D;
}

static double sum_pu(const double *y, const double *p, int K)
{
    double D = 0;
    for (int k = 0; k < K; k++)
        D += p[k] * y[k];
    return D;
}

/* Models of SPLIT_FROM skills or more step in two halves whose sums are
 * added in a fixed order, so the numbers are the same whether a second
 * thread takes the upper half (when the run may use two cores) or not. */
enum { SPLIT_FROM = 32768 };

typedef struct half_job {
    double *y;
    const double *p;
    int K;
    double factor;
    double D;
} half_job;

static void half_step(void *arg)
{
    half_job *h = arg;
    h->D = step_long(h->y, h->p, h->K, h->factor);
}

static double step_split(twin *tw, half_job *upper, double *y, const double *p, int K, double factor)
{
    int lo = K / 2;
    upper->factor = factor;
    if (!tw) {
        double a = step_long(y, p, lo, factor);
        half_step(upper);
        return a + upper->D;
    }
    twin_run(tw, half_step, upper);
    double a = step_long(y, p, lo, factor);
    twin_wait(tw);
    return a + upper->D;
}

static int run_euler_fast(rmodel *m, result *r, double *y)
{
    const backend_run *b = m->b;
    int K = m->K;
    double *p = malloc(((size_t)K + 1) * sizeof *p);
    for (int k = 0; k < K; k++)
        p[k] = m->p[b->skills[k]];
    double D = sum_pu(y, p, K);
    long until_record = backend_next_record(b, 0);
    half_job upper = {y + K / 2, p + K / 2, K - K / 2, 0, 0};
    twin *tw = b->threads >= 2 && K >= SPLIT_FROM ? twin_start() : NULL;
    int rc = 0;
    for (long t = 0; t < b->steps && rc == 0; t++) {
        double denom = D + m->N0;
        if (denom > 0)
            D = K >= SPLIT_FROM ? step_split(tw, &upper, y, p, K, m->eta / denom)
                                : step_fused(y, p, K, m->eta, denom);
        if (!isfinite(D)) {
            for (int k = 0; k < K; k++)
                if (!isfinite(y[k]))
                    rc = fail_diverged(m, t + 1, k, y[k]);
            break;
        }
        if (--until_record == 0) {
            rc = record(m, r, t + 1, y);
            until_record = backend_next_record(b, t + 1) - (t + 1);
        }
        if ((t & (PROGRESS_EVERY - 1)) == 0) {
            progress_update(b->prog, (double)t, (double)b->steps);
            if (rc == 0)
                rc = backend_cancelled(b);
        }
    }
    twin_stop(tw);
    free(p);
    return rc;
}

/* A stop request ends the solver from inside: one record's interval may
 * take many substeps. */
static int gsl_rhs(double t, const double y[], double f[], void *params)
{
    const rmodel *m = params;
    if (cancel_requested(m->b->cancel))
        return GSL_EBADFUNC;
    return rhs(params, t, y, f) == 0 ? GSL_SUCCESS : GSL_EBADFUNC;
}

/* Finite differences, for right-hand sides whose p, B, eta or N0 vary. */
static int jacobian_numeric(rmodel *m, double t, const double *y, double *J, double *dfdt)
{
    int K = m->K;
    double *yy = malloc((size_t)K * sizeof *yy), *f0 = malloc((size_t)K * sizeof *f0),
           *f1 = malloc((size_t)K * sizeof *f1);
    int rc = rhs(m, t, y, f0);
    memcpy(yy, y, (size_t)K * sizeof *yy);
    for (int j = 0; j < K && rc == 0; j++) {
        double h = 1e-7 * fmax(1, fabs(y[j]));
        yy[j] = y[j] + h;
        rc = rhs(m, t, yy, f1);
        yy[j] = y[j];
        for (int i = 0; i < K; i++)
            J[(size_t)i * K + j] = (f1[i] - f0[i]) / h;
    }
    double h = 1e-7 * fmax(1, fabs(t));
    if (rc == 0)
        rc = rhs(m, t + h, y, f1);
    for (int i = 0; i < K && rc == 0; i++)
        dfdt[i] = (f1[i] - f0[i]) / h;
    free(yy);
    free(f0);
    free(f1);
    return rc;
}

/* With p, B, eta and N0 fixed:
 *   df_i/dy_m = sign eta B_i (C_im p_m x'_m / den - num_i w_m p_m x'_m / den^2). */
static int gsl_jacobian(double t, const double y[], double *J, double dfdt[], void *params)
{
    rmodel *m = params;
    if (m->dyn_p || m->dyn_b || m->dyn_rate)
        return jacobian_numeric(m, t, y, J, dfdt) == 0 ? GSL_SUCCESS : GSL_EBADFUNC;
    set_state(m, y);
    double den = denominator(m);
    numerators(m);
    int K = m->K;
    const int *sk = m->b->skills;
    double sign = m->ce ? 1 : -1;
    for (int i = 0; i < K; i++) {
        dfdt[i] = 0;
        double bi = m->B[sk[i]];
        for (int j = 0; j < K; j++) {
            double xj = m->x[j];
            double dx = m->ce ? -xj * (1 - xj) : (m->clamp && y[j] <= 0 ? 0 : 1);
            double pj = m->p[sk[j]] * dx;
            double c = m->b->corr ? m->b->corr[(size_t)i * K + j] : i == j;
            double w = m->gated ? m->B[sk[j]] : 1;
            J[(size_t)i * K + j] = den > 0 ? sign * m->eta * bi * (c * pj / den - m->num[i] * w * pj / (den * den)) : 0;
        }
    }
    return GSL_SUCCESS;
}

static int run_adaptive(rmodel *m, result *r, double *y)
{
    const backend_run *b = m->b;
    const ir_settings *s = m->set;
    const gsl_odeiv2_step_type *type = s->solver == SOLVER_RK45 ? gsl_odeiv2_step_rkf45
                                     : s->solver == SOLVER_RK8PD ? gsl_odeiv2_step_rk8pd
                                     : gsl_odeiv2_step_msbdf;
    if (s->solver == SOLVER_MSBDF && m->K > MSBDF_MAX_SKILLS) {
        snprintf(b->err, b->errlen, "model '%s' has %d skills; msbdf keeps a dense %dx%d Jacobian "
                 "and is limited to %d skills: use rk8pd or euler", b->model, m->K, m->K, m->K,
                 MSBDF_MAX_SKILLS);
        return -1;
    }
    gsl_odeiv2_system sys = {gsl_rhs, gsl_jacobian, (size_t)m->K, m};
    gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_y_new(&sys, type, 1e-3, s->tol, s->tol);
    gsl_odeiv2_driver_set_nmax(d, MAX_SUBSTEPS);   /* a stiff or blown-up system must not hang */
    double t = 0;
    int rc = 0;
    for (long step = 0; step < b->steps && rc == 0;) {
        step = backend_next_record(b, step);
        int status = gsl_odeiv2_driver_apply(d, &t, (double)step, y);
        if (status == GSL_EBADFUNC) {
            rc = backend_cancelled(b) != 0 ? -1 : fail_dynamic(m, (long)t);
        } else if (status != GSL_SUCCESS) {
            rc = fail_solver(m, t, status);
        } else {
            for (int k = 0; k < m->K && rc == 0; k++)
                if (!isfinite(y[k]))
                    rc = fail_diverged(m, step, k, y[k]);
            if (rc == 0 && record(m, r, step, y) != 0)
                rc = fail_dynamic(m, step);
        }
        progress_update(b->prog, (double)step, (double)b->steps);
    }
    gsl_odeiv2_driver_free(d);
    return rc;
}

static void init_model(rmodel *m, const backend_run *b)
{
    const ir_settings *s = b->set;
    memset(m, 0, sizeof *m);
    m->b = b;
    m->set = s;
    m->K = b->K;
    m->ce = s->loss == LOSS_CE;
    m->clamp = s->clamp;
    m->gated = s->compete == COMPETE_GATED;
    m->eta = s->eta;
    m->N0 = s->N0;
    size_t n = (size_t)b->nall + 1, K = (size_t)b->K + 1;
    m->u = malloc(n * sizeof *m->u);
    m->lvl = malloc(n * sizeof *m->lvl);
    m->p = calloc(n, sizeof *m->p);     /* p(X) of a later skill reads 0 in the first pass */
    m->B = malloc(n * sizeof *m->B);
    m->x = malloc(K * sizeof *m->x);
    m->px = malloc(K * sizeof *m->px);
    m->num = malloc(K * sizeof *m->num);
    if (!m->u || !m->lvl || !m->p || !m->B || !m->x || !m->px || !m->num)
        abort();
    for (int i = 0; i < b->nall; i++) {
        m->u[i] = 1;
        m->lvl[i] = 0;
        m->B[i] = 1;
    }
    m->env = (expr_env){b->params, 0, m->u, m->lvl, m->p, &m->cache};
    for (int i = 0; i < b->nall; i++)       /* every skill's p at t = 0 */
        m->p[i] = expr_eval(b->freq[i], &m->env);
    for (int k = 0; k < b->K; k++) {
        int i = b->skills[k];
        m->dyn_p |= !expr_is_constant(b->freq[i]);
        m->dyn_b |= b->bfactor && b->bfactor[i] != NULL;
    }
    m->dyn_rate = b->eta || b->N0;
}

static void free_model(rmodel *m)
{
    free(m->u);
    free(m->lvl);
    free(m->p);
    free(m->B);
    free(m->x);
    free(m->px);
    free(m->num);
}

/* Unskill 1 (mse) or logit 0 (ce, level 1/2), unless the run starts skill
 * K elsewhere (a fit of initial unskills): ce's state is the logit s with
 * u = sigmoid(-s). */
static double initial_state(const backend_run *b, int k, int ce)
{
    double u0 = b->u0 ? b->u0[b->skills[k]] : NAN;
    if (isnan(u0))
        return ce ? 0 : 1;
    return ce ? log(1 / u0 - 1) : u0;
}

int resource_run(const backend_run *b, result **out)
{
    rmodel m;
    init_model(&m, b);
    double *y = malloc(((size_t)b->K + 1) * sizeof *y), *dydt = malloc(((size_t)b->K + 1) * sizeof *dydt);
    for (int k = 0; k < b->K; k++)
        y[k] = initial_state(b, k, m.ce);
    result *r = result_new(b->model, b->K, backend_names(b), 0);
    int rc = record(&m, r, 0, y);
    for (int k = 0; k < b->K; k++)
        r->p0[k] = m.p[b->skills[k]];
    if (rc != 0)
        rc = fail_dynamic(&m, 0);
    else if (b->set->solver == SOLVER_EULER && fast_path(&m))
        rc = run_euler_fast(&m, r, y);
    else if (b->set->solver == SOLVER_EULER || b->K == 0)   /* GSL's drivers take no empty system */
        rc = run_euler(&m, r, y, dydt);
    else
        rc = run_adaptive(&m, r, y);
    free(y);
    free(dydt);
    free_model(&m);
    if (rc != 0) {
        result_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

double resource_closed_form_time(const double *p, int K, int x, double level, double eta, double N0)
{
    double u = 1 - level;
    if (!(u > 0) || u > 1)
        return u <= 0 ? INFINITY : 0;
    double logC = log(u) / p[x];
    double sum = 0;
    for (int j = 0; j < K; j++)
        sum += exp(p[j] * logC);
    return (K - sum - N0 * logC) / eta;
}
