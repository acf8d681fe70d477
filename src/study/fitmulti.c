/* fitmulti.c - fit_solve: nonlinear least squares over a model's runs
 * (GSL's multifit_nlinear, trust region with Levenberg-Marquardt and
 * geodesic acceleration, finite-difference Jacobian), from several
 * deterministic starts, in a transformed space that keeps every trial in
 * its range; standard errors from the Jacobian at the best optimum. */
#include "fitmulti.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>

#include "cancel.h"
#include "xalloc.h"

/* Zeroed memory; running out aborts, as xgrow does. */
static void *zalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

enum { MAX_ITERATIONS = 200, MAX_DEFAULT_STARTS = 12 };

/* A trial whose run fails gets this residual at every point. */
static const double FAILED_RESIDUAL = 1e3;
/* Directions of the column-scaled Jacobian this much weaker than the
 * strongest are flat: the data do not see them. */
static const double FLAT_DIRECTION = 1e-6;
/* The central differences' step in transformed space (relative above 1). */
static const double JACOBIAN_STEP = 1e-5;
/* Central differences at that step and ten times it agree to about 1e-7
 * on smooth curves, within 0.25 on a Domino model's kinks (measured over
 * ok_fit_coverage's fits); where a sharp gate opens at an underflow they
 * differ by 0.5 to 1.1 of the column's length.  A column that moves by
 * more than this is not a derivative. */
static const double ROUGH_JACOBIAN = 0.35;

/* One compared number: data set D's row ROW (skill K, or the loss when K
 * is -1) against row MROW (skill MK) of the model's run. */
typedef struct fit_point {
    int data, row, k, mrow, mk;
} fit_point;

typedef struct fit_work {
    eval_ctx *ev;
    const fit_problem *p;
    diag *loud, quiet;
    char first_failure[256];
    run_span span;
    setting_value *with;        /* the FIT_KEY parameters of one data set */
    double *freq, *u0;          /* over ev->ir->nskills, NAN where not fitted */
    int per_data;               /* some parameter is one data set's: a run for each */
    fit_point *points;
    int npoints, cap_points;
    result **runs;              /* the latest trial's run per data set (shared: runs[0]) */
    int evaluations;
    int cancelled;
} fit_work;

/* ---- transformed space ---- */

static double to_natural(const fit_param *q, double x)
{
    if (q->scale == FIT_SCALE_LOG) {
        double v = exp(x);
        return v < q->lo ? q->lo : v > q->hi ? q->hi : v;
    }
    return q->lo + (q->hi - q->lo) / (1 + exp(-x));
}

static double to_transformed(const fit_param *q, double v)
{
    if (q->scale == FIT_SCALE_LOG)
        return log(v);
    double h = (v - q->lo) / (q->hi - q->lo);
    return log(h / (1 - h));
}

/* d natural / d x at X. */
static double natural_slope(const fit_param *q, double x)
{
    double v = to_natural(q, x);
    if (q->scale == FIT_SCALE_LOG)
        return v;
    return (v - q->lo) * (q->hi - v) / (q->hi - q->lo);
}

/* The point H in [0, 1] of Q's range, in transformed space. */
static double transformed_at(const fit_param *q, double h)
{
    if (q->scale == FIT_SCALE_LOG)
        return log(q->lo) + h * (log(q->hi) - log(q->lo));
    return log(h / (1 - h));
}

/* The I-th point of the Halton sequence in base B, in (0, 1). */
static double halton(int i, int b)
{
    double f = 1, r = 0;
    for (; i > 0; i /= b) {
        f /= b;
        r += f * (i % b);
    }
    return r;
}

static int nth_prime(int i)
{
    int n = 1;
    for (int found = -1; found < i;) {
        n++;
        int prime = 1;
        for (int d = 2; d * d <= n && prime; d++)
            prime = n % d != 0;
        found += prime;
    }
    return n;
}

/* Start S: the range's centre, then Halton points. */
static void start_point(const fit_problem *p, int s, double *x)
{
    for (int j = 0; j < p->nparams; j++)
        x[j] = transformed_at(&p->params[j], s == 0 ? 0.5 : halton(s, nth_prime(j)));
}

/* ---- running the model ---- */

static void quiet_put(const diag_record *r, void *user)
{
    fit_work *w = user;
    if (r->severity == DIAG_ERROR && !w->first_failure[0])
        snprintf(w->first_failure, sizeof w->first_failure, "%s", r->message);
}

/* The model's run for data set D at X (natural values applied). */
static int run_at(fit_work *w, const double *x, int d, result **out)
{
    const fit_problem *p = w->p;
    int nwith = 0, nskills = w->ev->ir->nskills;
    for (int i = 0; i < nskills; i++)
        w->freq[i] = w->u0[i] = NAN;
    for (int j = 0; j < p->nparams; j++) {
        const fit_param *q = &p->params[j];
        if (q->dataset >= 0 && q->dataset != d)
            continue;
        double v = to_natural(q, x[j]);
        if (q->kind == FIT_KEY)
            w->with[nwith++] = (setting_value){q->key, q->at, q->at, value_num(v), NULL};
        else
            (q->kind == FIT_FREQ ? w->freq : w->u0)[q->skill] = v;
    }
    run_overrides ovr = {w->freq, w->u0, p->bfactor};
    w->evaluations++;
    w->ev->d = &w->quiet;
    int rc = run_model(w->ev, p->model, w->with, nwith, &ovr, &w->span, out);
    w->ev->d = w->loud;
    return rc;
}

/* Runs every data set's model at X into w->runs; -1 if one failed. */
static int run_all(fit_work *w, const double *x)
{
    int nruns = w->per_data ? w->p->ndata : 1;
    for (int d = 0; d < nruns; d++) {
        result_free(w->runs[d]);
        w->runs[d] = NULL;
        if (run_at(w, x, d, &w->runs[d]) != 0)
            return -1;
    }
    return 0;
}

static const result *run_of(const fit_work *w, int d)
{
    return w->runs[w->per_data ? d : 0];
}

static double compared(const fit_problem *p, const result *r, int row, int k)
{
    double y = k >= 0 ? r->levels[(size_t)row * r->nskills + k] : r->loss[row];
    return p->space == FIT_SPACE_LOG_LOSS ? log(y > 1e-300 ? y : 1e-300) : y;
}

/* ---- which numbers are compared ---- */

static int skill_compared(const fit_problem *p, const ir_program *ir, const char *name)
{
    if (!p->skills)
        return 1;
    for (int i = 0; i < p->nskills; i++)
        if (strcmp(ir->skills[p->skills[i]].name, name) == 0)
            return 1;
    return 0;
}

static int data_usable(const fit_problem *p, const result *t, int row, int k)
{
    double y = k >= 0 ? t->levels[(size_t)row * t->nskills + k] : t->loss[row];
    return !isnan(y) && (p->space != FIT_SPACE_LOG_LOSS || y > 0);
}

static void add_point(fit_work *w, fit_point pt)
{
    w->points = xgrow(w->points, &w->cap_points, w->npoints + 1, sizeof *w->points);
    w->points[w->npoints++] = pt;
}

/* Data set D's numbers that the model's run M also has. */
static void layout_data(fit_work *w, int d, const result *m)
{
    const fit_problem *p = w->p;
    const result *t = p->data[d];
    for (int row = 0; row < t->nrec; row++) {
        double step = t->steps[row];
        int mrow = step >= p->step_lo && step <= p->step_hi ? result_row_at(m, step) : -1;
        if (mrow < 0)
            continue;
        if (p->space != FIT_SPACE_LEVELS) {
            if (data_usable(p, t, row, -1))
                add_point(w, (fit_point){d, row, -1, mrow, -1});
            continue;
        }
        for (int k = 0; k < t->nskills; k++) {
            int mk = result_skill(m, t->names[k]);
            if (mk >= 0 && data_usable(p, t, row, k) && skill_compared(p, w->ev->ir, t->names[k]))
                add_point(w, (fit_point){d, row, k, mrow, mk});
        }
    }
}

static void layout(fit_work *w)
{
    for (int d = 0; d < w->p->ndata; d++)
        layout_data(w, d, run_of(w, d));
}

static double gcd(double a, double b)
{
    while (b > 0.5) {
        double r = fmod(a, b);
        a = b;
        b = r;
    }
    return a;
}

run_span fit_data_span(const result *const *data, int ndata, double step_lo, double step_hi, loc at)
{
    double last = 0, every = 0;
    for (int d = 0; d < ndata; d++) {
        const result *t = data[d];
        for (int row = 0; row < t->nrec; row++) {
            double step = round(t->steps[row]);
            if (step < step_lo || step > step_hi || step < 0)
                continue;
            last = step > last ? step : last;
            every = gcd(step, every);
        }
    }
    return (run_span){last, every >= 1 ? every : 1, at, at, at};
}

/* ---- the residual function GSL calls ---- */

static void fill_residuals(const fit_work *w, gsl_vector *f)
{
    for (int i = 0; i < w->npoints; i++) {
        const fit_point *pt = &w->points[i];
        double y = compared(w->p, w->p->data[pt->data], pt->row, pt->k);
        gsl_vector_set(f, (size_t)i, compared(w->p, run_of(w, pt->data), pt->mrow, pt->mk) - y);
    }
}

static int residuals(const gsl_vector *xv, void *arg, gsl_vector *f)
{
    fit_work *w = arg;
    if (cancel_requested(w->ev->cancel)) {
        w->cancelled = 1;
        return GSL_EBADFUNC;
    }
    if (run_all(w, xv->data) != 0) {
        gsl_vector_set_all(f, FAILED_RESIDUAL);
        return GSL_SUCCESS;
    }
    fill_residuals(w, f);
    return GSL_SUCCESS;
}

/* ---- the best start's statistics ---- */

typedef struct fit_best {
    double rss;
    double *x;
    gsl_matrix *J;
    int converged, found;
} fit_best;

/* Parameters that lie along flat directions of J with its columns scaled
 * to unit length (a zero column is flat itself). */
static void flat_parameters(const gsl_matrix *J, int *flat)
{
    size_t n = J->size1, k = J->size2;
    for (size_t j = 0; j < k; j++)
        flat[j] = 0;
    if (n < k) {
        for (size_t j = 0; j < k; j++)
            flat[j] = 1;
        return;
    }
    gsl_matrix *A = gsl_matrix_alloc(n, k), *V = gsl_matrix_alloc(k, k);
    gsl_vector *S = gsl_vector_alloc(k), *work = gsl_vector_alloc(k);
    gsl_matrix_memcpy(A, J);
    for (size_t j = 0; j < k; j++) {
        gsl_vector_view col = gsl_matrix_column(A, j);
        double norm = gsl_blas_dnrm2(&col.vector);
        if (norm > 0)
            gsl_vector_scale(&col.vector, 1 / norm);
        else
            flat[j] = 1;
    }
    gsl_linalg_SV_decomp(A, V, S, work);
    double smax = gsl_vector_get(S, 0);
    for (size_t s = 0; s < k; s++) {
        if (gsl_vector_get(S, s) > FLAT_DIRECTION * smax)
            continue;
        for (size_t j = 0; j < k; j++)
            if (fabs(gsl_matrix_get(V, j, s)) > 0.3)
                flat[j] = 1;
    }
    gsl_matrix_free(A);
    gsl_matrix_free(V);
    gsl_vector_free(S);
    gsl_vector_free(work);
}

/* -1 or 1 when V lies within 0.1 % of Q's range (on its scale) of its lower
 * or upper end: a fit that runs to an end bounds the value, and the curves
 * often stop changing there. */
static int end_of_range(const fit_param *q, double v)
{
    double h = q->scale == FIT_SCALE_LOG ? log(v / q->lo) / log(q->hi / q->lo)
                                         : (v - q->lo) / (q->hi - q->lo);
    return h < 1e-3 ? -1 : h > 1 - 1e-3 ? 1 : 0;
}

/* Values, errors and which are determined, from the best start. */
static void parameter_errors(const fit_problem *p, const fit_best *b, fit_outcome *o)
{
    int k = p->nparams;
    gsl_matrix *cov = gsl_matrix_alloc((size_t)k, (size_t)k);
    gsl_multifit_nlinear_covar(b->J, 0.0, cov);
    double s2 = o->n > k ? o->rss / (double)(o->n - k) : NAN;
    flat_parameters(b->J, o->determined);
    for (int j = 0; j < k; j++) {
        const fit_param *q = &p->params[j];
        o->value[j] = to_natural(q, b->x[j]);
        o->at_end[j] = end_of_range(q, o->value[j]);
        double sd = sqrt(gsl_matrix_get(cov, (size_t)j, (size_t)j) * s2);
        double err = fabs(natural_slope(q, b->x[j])) * sd;
        int spans = o->value[j] - err <= q->lo && o->value[j] + err >= q->hi;
        o->determined[j] = !o->determined[j] && !o->rough[j] && !spans && isfinite(err);
        o->err[j] = o->determined[j] ? err : NAN;
        if (!o->determined[j])
            o->value[j] = NAN;
    }
    gsl_matrix_free(cov);
}

/* ---- the solver, start by start ---- */

static double rss_of(const gsl_vector *f)
{
    double s;
    gsl_blas_ddot(f, f, &s);
    return s;
}

/* One start from X0; keeps it in B when better. */
static int solve_from(fit_work *w, gsl_multifit_nlinear_workspace *ws, gsl_multifit_nlinear_fdf *fdf,
                      const double *x0, fit_best *b)
{
    int k = w->p->nparams;
    gsl_vector_const_view x = gsl_vector_const_view_array(x0, (size_t)k);
    if (gsl_multifit_nlinear_init(&x.vector, fdf, ws) != GSL_SUCCESS)
        return w->cancelled ? -1 : 0;
    int info;
    int status = gsl_multifit_nlinear_driver(MAX_ITERATIONS, 1e-8, 1e-8, 0, NULL, NULL, &info, ws);
    if (w->cancelled)
        return -1;
    gsl_vector *xf = gsl_multifit_nlinear_position(ws);
    /* the runs left behind may be a Jacobian's trial: run the optimum again */
    if (run_all(w, xf->data) != 0)
        return 0;
    gsl_vector *f = gsl_multifit_nlinear_residual(ws);
    fill_residuals(w, f);
    double rss = rss_of(f);
    if (b->found && !(rss < b->rss))
        return 0;
    b->found = 1;
    b->rss = rss;
    b->converged = status == GSL_SUCCESS;
    memcpy(b->x, xf->data, (size_t)k * sizeof *b->x);
    return 0;
}

static int default_starts(int nparams)
{
    int s = 4 + 2 * nparams;
    return s < MAX_DEFAULT_STARTS ? s : MAX_DEFAULT_STARTS;
}

/* The layout from the first start whose runs succeed. */
static int first_layout(fit_work *w, int starts, double *x)
{
    for (int s = 0; s < starts && !cancel_requested(w->ev->cancel); s++) {
        start_point(w->p, s, x);
        if (run_all(w, x) == 0) {
            layout(w);
            return 0;
        }
    }
    return -1;
}

static gsl_multifit_nlinear_workspace *workspace(fit_work *w, gsl_multifit_nlinear_fdf *fdf)
{
    int k = w->p->nparams;
    *fdf = (gsl_multifit_nlinear_fdf){residuals, NULL, NULL, (size_t)w->npoints, (size_t)k, w, 0, 0, 0};
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    params.trs = gsl_multifit_nlinear_trs_lmaccel;
    params.scale = gsl_multifit_nlinear_scale_more;
    params.h_df = 1e-6;
    return gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, (size_t)w->npoints, (size_t)k);
}

static int solve_all(fit_work *w, int starts, fit_best *b)
{
    int k = w->p->nparams;
    gsl_multifit_nlinear_fdf fdf;
    gsl_multifit_nlinear_workspace *ws = workspace(w, &fdf);
    double *x0 = zalloc((size_t)k, sizeof *x0);
    int rc = 0;
    for (int s = 0; s < starts && rc == 0; s++) {
        start_point(w->p, s, x0);
        rc = solve_from(w, ws, &fdf, x0, b);
    }
    free(x0);
    gsl_multifit_nlinear_free(ws);
    return rc;
}

/* Column J of the Jacobian at B's optimum by central differences of step
 * H, into COL.  0, or -1 when a run fails or the fit is cancelled. */
static int central_column(fit_work *w, const fit_best *b, int j, double h, double *x, gsl_vector *col)
{
    gsl_vector *up = gsl_vector_alloc((size_t)w->npoints), *down = gsl_vector_alloc((size_t)w->npoints);
    x[j] = b->x[j] + h;
    int rc = run_all(w, x);
    if (rc == 0)
        fill_residuals(w, up);
    x[j] = b->x[j] - h;
    rc = rc == 0 ? run_all(w, x) : rc;
    if (rc == 0)
        fill_residuals(w, down);
    x[j] = b->x[j];
    for (int i = 0; i < w->npoints && rc == 0; i++)
        gsl_vector_set(col, (size_t)i, (gsl_vector_get(up, (size_t)i) - gsl_vector_get(down, (size_t)i)) / (2 * h));
    gsl_vector_free(up);
    gsl_vector_free(down);
    return rc;
}

/* Whether two estimates of one Jacobian column disagree by more than
 * ROUGH_JACOBIAN of the larger one's length. */
static int columns_disagree(const gsl_vector *a, const gsl_vector *b)
{
    double diff = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a->size; i++) {
        double x = gsl_vector_get(a, i), y = gsl_vector_get(b, i);
        diff += (x - y) * (x - y);
        na += x * x;
        nb += y * y;
    }
    return sqrt(diff) > ROUGH_JACOBIAN * sqrt(na > nb ? na : nb);
}

/* The Jacobian at B's optimum by central differences (the solver's own is
 * a forward difference, too coarse for standard errors), each column
 * checked against a step ten times longer: where the two disagree the
 * curves do not change smoothly with that parameter (a sharp gate that
 * opens at an underflow makes them jump), and no derivative, hence no
 * standard error, means anything (ROUGH[j] = 1).  0, or -1 when a run
 * fails or the fit is cancelled. */
static int central_jacobian(fit_work *w, fit_best *b, int *rough)
{
    int k = w->p->nparams;
    gsl_vector *col = gsl_vector_alloc((size_t)w->npoints), *wide = gsl_vector_alloc((size_t)w->npoints);
    double *x = zalloc((size_t)k, sizeof *x);
    memcpy(x, b->x, (size_t)k * sizeof *x);
    int rc = 0;
    for (int j = 0; j < k && rc == 0; j++) {
        double h = JACOBIAN_STEP * (fabs(x[j]) > 1 ? fabs(x[j]) : 1);
        rc = central_column(w, b, j, h, x, col);
        if (rc == 0)
            rc = central_column(w, b, j, 10 * h, x, wide);
        if (rc == 0) {
            gsl_matrix_set_col(b->J, (size_t)j, col);
            rough[j] = columns_disagree(col, wide);
        }
    }
    if (cancel_requested(w->ev->cancel))
        rc = -1;
    gsl_vector_free(col);
    gsl_vector_free(wide);
    free(x);
    return rc;
}

/* ---- the outcome ---- */

static void outcome_alloc(fit_outcome *o, int nparams, int ndata)
{
    memset(o, 0, sizeof *o);
    o->nparams = nparams;
    o->ndata = ndata;
    size_t k = nparams > 0 ? (size_t)nparams : 1;
    o->value = zalloc(k, sizeof *o->value);
    o->err = zalloc(k, sizeof *o->err);
    o->determined = zalloc(k, sizeof *o->determined);
    o->at_end = zalloc(k, sizeof *o->at_end);
    o->rough = zalloc(k, sizeof *o->rough);
    o->runs = zalloc((size_t)ndata, sizeof *o->runs);
}

static void outcome_scores(fit_outcome *o, double rss)
{
    double n = (double)o->n, k = o->nparams;
    o->rss = rss;
    o->residual = rss / n;
    o->aic = n * log(rss / n) + 2 * k;
    o->bic = n * log(rss / n) + k * log(n);
}

/* The fitted run of every data set, at X, and its scores. */
static int fitted_runs(fit_work *w, const double *x, fit_outcome *o)
{
    if (run_all(w, x) != 0)
        return -1;
    gsl_vector *f = gsl_vector_alloc((size_t)w->npoints);
    fill_residuals(w, f);
    outcome_scores(o, rss_of(f));
    gsl_vector_free(f);
    for (int d = 0; d < w->p->ndata; d++)
        o->runs[d] = w->per_data ? w->runs[d] : result_copy(w->runs[0]);
    if (w->per_data)
        memset(w->runs, 0, (size_t)w->p->ndata * sizeof *w->runs);
    return 0;
}

static void work_init(fit_work *w, eval_ctx *ev, const fit_problem *p)
{
    memset(w, 0, sizeof *w);
    w->ev = ev;
    w->p = p;
    w->loud = ev->d;
    diag_init_sink(&w->quiet, (diag_sink){quiet_put, w});
    w->span = fit_data_span(p->data, p->ndata, p->step_lo, p->step_hi, p->at);
    w->with = zalloc((size_t)p->nparams + 1, sizeof *w->with);
    w->freq = zalloc((size_t)ev->ir->nskills + 1, sizeof *w->freq);
    w->u0 = zalloc((size_t)ev->ir->nskills + 1, sizeof *w->u0);
    w->runs = zalloc((size_t)p->ndata, sizeof *w->runs);
    for (int j = 0; j < p->nparams; j++)
        w->per_data |= p->params[j].dataset >= 0;
}

static void work_free(fit_work *w)
{
    for (int d = 0; d < w->p->ndata; d++)
        result_free(w->runs[d]);
    free(w->runs);
    free(w->with);
    free(w->freq);
    free(w->u0);
    free(w->points);
}

static int report_failure(fit_work *w, int starts)
{
    if (cancel_requested(w->ev->cancel))
        return -1;
    if (w->first_failure[0]) {
        diag_error(w->loud, w->p->at, "the model's runs failed at all %d of the fit's starts", starts);
        diag_note(w->loud, NULL, "the first failure: %s", w->first_failure);
    } else {
        diag_error(w->loud, w->p->at, "the data and the model's runs share no number to compare");
        diag_hint(w->loud, "the data's skills and steps must be ones the model records; see 'on steps' "
                           "and 'skills'");
    }
    return -1;
}

/* Solves from STARTS starts, or with AT (transformed) given, only
 * assesses the fit there. */
static int solve(fit_work *w, fit_outcome *o, const double *at)
{
    const fit_problem *p = w->p;
    int k = p->nparams, starts = at ? 1 : p->starts > 0 ? p->starts : default_starts(k);
    double *x = zalloc((size_t)k + 1, sizeof *x);
    fit_best b = {0, zalloc((size_t)k + 1, sizeof *b.x), NULL, 0, 0};
    int rc = at ? run_all(w, at) : first_layout(w, k > 0 ? starts : 1, x);
    if (rc == 0 && at)
        layout(w);
    if (rc == 0 && w->npoints == 0)
        rc = -1;
    if (rc == 0 && k > 0) {
        b.J = gsl_matrix_alloc((size_t)w->npoints, (size_t)k);
        rc = at ? 0 : solve_all(w, starts, &b);
        if (at) {
            b.found = b.converged = 1;
            memcpy(b.x, at, (size_t)k * sizeof *b.x);
        }
        if (rc == 0 && !b.found)
            rc = -1;
        if (rc == 0)
            rc = central_jacobian(w, &b, o->rough);
    }
    if (rc == 0) {
        if (k > 0)
            memcpy(x, b.x, (size_t)k * sizeof *x);
        o->n = (long)w->npoints;
        rc = fitted_runs(w, x, o);
    }
    if (rc == 0) {
        o->converged = k == 0 || b.converged;
        if (k > 0)
            parameter_errors(p, &b, o);
    }
    if (rc != 0)
        report_failure(w, starts);
    if (b.J)
        gsl_matrix_free(b.J);
    free(b.x);
    free(x);
    return rc;
}

static int fit_run(eval_ctx *ev, const fit_problem *p, const double *at, fit_outcome *out)
{
    fit_work w;
    work_init(&w, ev, p);
    outcome_alloc(out, p->nparams, p->ndata);
    int rc = solve(&w, out, at);
    out->evaluations = w.evaluations;
    work_free(&w);
    if (rc != 0)
        fit_outcome_free(out);
    return rc;
}

int fit_solve(eval_ctx *ev, const fit_problem *p, fit_outcome *out)
{
    return fit_run(ev, p, NULL, out);
}

int fit_assess(eval_ctx *ev, const fit_problem *p, const double *values, fit_outcome *out)
{
    double *x = zalloc((size_t)p->nparams + 1, sizeof *x);
    for (int j = 0; j < p->nparams; j++)
        x[j] = to_transformed(&p->params[j], values[j]);
    int rc = fit_run(ev, p, x, out);
    free(x);
    return rc;
}

void fit_outcome_free(fit_outcome *o)
{
    if (o->runs)
        for (int d = 0; d < o->ndata; d++)
            result_free(o->runs[d]);
    free(o->runs);
    free(o->value);
    free(o->err);
    free(o->determined);
    free(o->at_end);
    free(o->rough);
    memset(o, 0, sizeof *o);
}
