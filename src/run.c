#include "run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "output.h"
#include "settings.h"

enum { MAX_STEPS = 1000000000 };

typedef struct saved_param {
    int k;
    value val;
    int fixed;
} saved_param;

double *run_param_values(const ir_program *ir)
{
    double *pv = calloc((size_t)ir->nparams + 1, sizeof *pv);
    if (!pv)
        abort();
    for (int i = 0; i < ir->nparams; i++)
        pv[i] = value_is_number(ir->params[i].val) ? ir->params[i].val.u.num : NAN;
    return pv;
}

static int whole_number(eval_ctx *ev, const ast_expr *e, const char *what, double lo, double *out)
{
    if (eval_number(ev, e, what, out) != 0)
        return -1;
    if (*out != floor(*out) || *out < lo || *out > MAX_STEPS) {
        diag_error(ev->d, e->at, "%s must be a whole number from %.0f to %d", what, lo, MAX_STEPS);
        return -1;
    }
    return 0;
}

/* `with` keys naming parameters (and not keys of the model) set them for
 * this run; SAVED keeps what to put back. */
static int apply_param_overrides(eval_ctx *ev, const ir_model *m, const ast_vec *with,
                                 saved_param *saved, int *nsaved)
{
    for (int i = 0; i < with->n; i++) {
        const ast_setting *s = with->items[i];
        if (settings_key_known(m->kind, s->key))
            continue;
        int k = ir_find_param(ev->ir, s->key);
        if (k < 0) {
            diag_error(ev->d, s->key_loc, "'%s' is neither a key of %s model nor a parameter",
                       s->key, ir_model_kind_name(m->kind));
            return -1;
        }
        value v;
        if (eval_expr(ev, s->value, &v) != 0)
            return -1;
        saved[*nsaved] = (saved_param){k, value_retain(ev->ir->params[k].val), ev->ir->params[k].fixed};
        (*nsaved)++;
        if (eval_set_param(ev, k, v, 1) != 0)
            return -1;
    }
    return 0;
}

static void restore_params(eval_ctx *ev, saved_param *saved, int nsaved)
{
    for (int i = nsaved - 1; i >= 0; i--)
        eval_set_param(ev, saved[i].k, saved[i].val, saved[i].fixed);
}

static double *correlation(eval_ctx *ev, const ir_model *m, const ir_settings *set, loc at)
{
    if (set->correlation.kind == V_MATRIX) {
        const vobj *o = set->correlation.u.obj;
        double *c = malloc((size_t)o->u.mat.rows * o->u.mat.cols * sizeof *c + 1);
        memcpy(c, o->u.mat.x, (size_t)o->u.mat.rows * o->u.mat.cols * sizeof *c);
        return c;
    }
    diag_error(ev->d, at, "correlation = gram(...) in model '%s' needs the geometry model, which "
               "this version of skill cannot run yet", m->name);
    return NULL;
}

static int write_result(eval_ctx *ev, const ast_expr *path_expr, const result *r)
{
    value v;
    if (eval_expr(ev, path_expr, &v) != 0)
        return -1;
    int rc = -1;
    if (v.kind != V_STR || v.u.obj->u.str.len == 0)
        diag_error(ev->d, path_expr->at, "an output file name must be a non-empty string");
    else
        rc = output_save_result(ev->d, path_expr->at, ev->outdir, v.u.obj->u.str.text, r);
    value_release(v);
    return rc;
}

static int run_backend(eval_ctx *ev, const ast_expr *e, const ir_model *m, ir_settings *set,
                       long steps, long every, result **res)
{
    ir_program *ir = ev->ir;
    if (m->kind == MODEL_GEOMETRY) {
        diag_error(ev->d, e->at, "running a geometry model is not yet supported by this version of skill");
        return -1;
    }
    double *corr = NULL;
    if (set->correlation.kind != V_NONE && !(corr = correlation(ev, m, set, e->at)))
        return -1;
    const char **names = malloc(((size_t)set->nskills + 1) * sizeof *names);
    const ir_dep **needs = malloc(((size_t)ir->nskills + 1) * sizeof *needs);
    expr_prog **freq = malloc(((size_t)ir->nskills + 1) * sizeof *freq);
    for (int k = 0; k < set->nskills; k++)
        names[k] = ir->skills[set->skills[k]].name;
    for (int i = 0; i < ir->nskills; i++) {
        needs[i] = ir->skills[i].needs;
        freq[i] = ir->skills[i].freq;
    }
    double *params = run_param_values(ir);
    char err[1024] = "";
    char label[128];
    snprintf(label, sizeof label, "run %s", m->name);
    progress *prog = progress_new(label, !ev->quiet);
    backend_run b = {m->name, ir->nskills, set->nskills, set->skills, names, freq, m->bfactor,
                     needs, params, set, corr, steps, every, prog, ev->threads, err, sizeof err};
    int rc = m->kind == MODEL_RESOURCE ? resource_run(&b, res) : domino_run(&b, res);
    progress_free(prog);
    if (rc != 0)
        diag_error(ev->d, e->at, "%s", err);
    free(params);
    free(names);
    free(needs);
    free(freq);
    free(corr);
    return rc;
}

int run_eval(eval_ctx *ev, const ast_expr *e, value *out)
{
    value mv;
    if (eval_expr(ev, e->u.run.model, &mv) != 0)
        return -1;
    if (mv.kind != V_MODEL) {
        diag_error(ev->d, e->u.run.model->at, "'run' needs a model, not %s", value_kind_name(mv.kind));
        value_release(mv);
        return -1;
    }
    const ir_model *m = &ev->ir->models[mv.u.index];
    double steps, every;
    if (whole_number(ev, e->u.run.steps, "the number of steps", 0, &steps) != 0)
        return -1;
    every = steps / 1000 >= 1 ? floor(steps / 1000) : 1;
    if (e->u.run.every && whole_number(ev, e->u.run.every, "'every'", 1, &every) != 0)
        return -1;
    const ast_vec *with = &e->u.run.with;
    for (int i = 0; i < with->n; i++) {
        const ast_setting *s = with->items[i];
        if (strcmp(s->key, "gate") == 0 || strcmp(s->key, "skills") == 0) {
            diag_error(ev->d, s->key_loc, "'%s' cannot be changed by 'with'; declare another model",
                       s->key);
            return -1;
        }
    }
    saved_param *saved = calloc((size_t)with->n + 1, sizeof *saved);
    int nsaved = 0;
    ir_settings set;
    memset(&set, 0, sizeof set);
    result *res = NULL;
    int rc = apply_param_overrides(ev, m, with, saved, &nsaved);
    if (rc == 0)
        rc = settings_resolve(ev, m, with, &set);
    if (rc == 0)
        rc = run_backend(ev, e, m, &set, (long)steps, (long)every, &res);
    settings_release(&set);
    restore_params(ev, saved, nsaved);
    free(saved);
    if (rc == 0 && e->u.run.out)
        rc = write_result(ev, e->u.run.out, res);
    if (rc != 0) {
        result_free(res);
        return -1;
    }
    *out = value_result(res);
    return 0;
}
