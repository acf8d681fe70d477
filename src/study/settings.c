#include "settings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "numfmt.h"

static const char *const resource_keys[] = {
    "eta", "dim", "lr", "N0", "loss", "correlation", "gate", "compete", "solver", "tol",
    "clamp", "skills", NULL};
static const char *const domino_keys[] = {"eta", "dim", "lr", "capacity", "skills", NULL};
static const char *const geometry_keys[] = {
    "dim", "vectors", "loss", "batch", "noise", "optimizer", "seed", "record", "skills", NULL};

const char *const settings_loss_names[] = {"mse", "ce", NULL};
const char *const settings_solver_names[] = {"euler", "rk45", "rk8pd", "msbdf", NULL};
const char *const settings_vector_names[] = {"orthogonal", "random", "gauss", "onehot", "hadamard", NULL};
const char *const settings_compete_names[] = {"all", "gated", NULL};
static const char *const record_names[] = {"level", "loss", "align", NULL};

const char *const *settings_keys(ast_model_kind kind)
{
    return kind == MODEL_RESOURCE ? resource_keys : kind == MODEL_DOMINO ? domino_keys : geometry_keys;
}

static int word_index(const char *const *words, const char *w)
{
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], w) == 0)
            return i;
    return -1;
}

int settings_key_known(ast_model_kind kind, const char *key)
{
    return word_index(settings_keys(kind), key) >= 0;
}

/* One of WORDS, written bare (`loss = ce`) or as a string value. */
static int resolve_word(eval_ctx *ev, const ast_setting *s, const char *const *words, int *out)
{
    const ast_expr *e = s->value;
    const char *w = NULL;
    value v = {V_NONE, {0}};
    if (e->kind == E_NAME && word_index(words, e->u.name) >= 0) {
        w = e->u.name;
    } else if (e->kind == E_NAME && !scope_find(ev->locals, e->u.name) &&
               ir_find_param(ev->ir, e->u.name) < 0) {
        w = e->u.name;
    } else {
        if (eval_expr(ev, e, &v) != 0)
            return -1;
        if (v.kind == V_STR)
            w = v.u.obj->u.str.text;
        else if (v.kind == V_SYMBOL)
            w = v.u.sym;
    }
    int k = w ? word_index(words, w) : -1;
    if (k < 0) {
        char list[160] = "";
        for (int i = 0; words[i]; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     i == 0 ? "" : words[i + 1] ? ", " : " or ", words[i]);
        if (w)
            diag_error(ev->d, e->at, "unknown %s '%s'", s->key, w);
        else
            diag_error(ev->d, e->at, "'%s' must be a word, not %s", s->key, value_kind_name(v.kind));
        const char *near = w ? diag_suggest(w, words, 16) : NULL;
        if (near)
            diag_note(ev->d, NULL, "did you mean '%s'?", near);
        diag_hint(ev->d, "'%s' is one of: %s", s->key, list);
    }
    value_release(v);
    *out = k;
    return k < 0 ? -1 : 0;
}

static int bad_number(eval_ctx *ev, const ast_setting *s, double x, const char *need)
{
    char buf[NUMFMT_MAX];
    diag_error(ev->d, s->value->at, "'%s' is %s; it must be %s", s->key, numfmt(buf, x), need);
    return -1;
}

static int resolve_number(eval_ctx *ev, const ast_setting *s, double *out)
{
    if (eval_number(ev, s->value, s->key, out) != 0)
        return -1;
    const char *k = s->key;
    double x = *out;
    int whole = x == floor(x) && isfinite(x);
    if (!isfinite(x))
        return bad_number(ev, s, x, "finite");
    if ((!strcmp(k, "eta") || !strcmp(k, "lr") || !strcmp(k, "tol")) && x <= 0)
        return bad_number(ev, s, x, "positive");
    if ((!strcmp(k, "N0") || !strcmp(k, "noise")) && x < 0)
        return bad_number(ev, s, x, "zero or positive");
    if (!strcmp(k, "dim") && (!whole || x < 1 || x > 1e9))
        return bad_number(ev, s, x, "a whole number from 1 to 1e9");
    if (!strcmp(k, "batch") && (!whole || x < 0 || x > 1e9))  /* drawn one by one, counted in an int */
        return bad_number(ev, s, x, "a whole number from 0 to 1e9");
    if ((!strcmp(k, "capacity") || !strcmp(k, "seed")) &&
        (!whole || x < 0 || x > 9007199254740992.0))
        return bad_number(ev, s, x, "a whole number, zero or more");
    return 0;
}

static int resolve_matrix(eval_ctx *ev, const ast_setting *s, value *out)
{
    if (eval_expr(ev, s->value, out) != 0)
        return -1;
    if (out->kind != V_MATRIX) {
        diag_error(ev->d, s->value->at, "'%s' must be a matrix, not %s", s->key, value_kind_name(out->kind));
        value_release(*out);
        *out = (value){V_NONE, {0}};
        return -1;
    }
    return 0;
}

static int resolve_correlation(eval_ctx *ev, const ast_setting *s, value *out)
{
    const ast_expr *e = s->value;
    if (e->kind == E_CALL && e->u.call.fn->kind == E_NAME && !strcmp(e->u.call.fn->u.name, "gram")) {
        const ast_vec *args = &e->u.call.args;
        const ast_setting *a = args->n == 1 ? args->items[0] : NULL;
        int k = a && a->value->kind == E_NAME ? ir_find_model(ev->ir, a->value->u.name) : -1;
        if (k < 0 || ev->ir->models[k].kind != MODEL_GEOMETRY) {
            diag_error(ev->d, e->at, "gram(G) needs the name of a geometry model");
            return -1;
        }
        *out = (value){V_MODEL, {.index = k}};
        return 0;
    }
    return resolve_matrix(ev, s, out);
}

static int resolve_skills(eval_ctx *ev, const ast_setting *s, ir_settings *out)
{
    value v;
    if (eval_expr(ev, s->value, &v) != 0)
        return -1;
    int n = v.kind == V_LIST ? v.u.obj->u.list.n : v.kind == V_SKILL ? 1 : -1;
    int ok = n > 0;
    for (int i = 0; ok && i < n && v.kind == V_LIST; i++)
        ok = v.u.obj->u.list.items[i].kind == V_SKILL;
    if (!ok) {
        diag_error(ev->d, s->value->at, "'skills' must be a non-empty list of skills");
        value_release(v);
        return -1;
    }
    char *used = calloc((size_t)ev->ir->nskills + 1, 1);
    for (int i = 0; i < n; i++)
        used[v.kind == V_LIST ? v.u.obj->u.list.items[i].u.index : v.u.index] = 1;
    out->nskills = 0;
    for (int i = 0; i < ev->ir->nskills; i++)
        if (used[i])
            out->skills[out->nskills++] = i;
    free(used);
    value_release(v);
    return 0;
}

static int resolve_record(eval_ctx *ev, const ast_setting *s, ir_settings *out)
{
    const ast_expr *e = s->value;
    if (e->kind != E_LIST) {
        diag_error(ev->d, e->at, "'record' is a list of: level, loss, align");
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < e->u.list.items.n; i++) {
        const ast_expr *item = e->u.list.items.items[i];
        int k = item->kind == E_NAME ? word_index(record_names, item->u.name) : -1;
        if (k < 0) {
            diag_error(ev->d, item->at, "'record' is a list of: level, loss, align");
            rc = -1;
        } else if (k == 2) {
            out->record_align = 1;
        }
    }
    return rc;
}

static int resolve_bool(eval_ctx *ev, const ast_setting *s, int *out)
{
    value v;
    if (eval_expr(ev, s->value, &v) != 0)
        return -1;
    if (v.kind != V_BOOL) {
        diag_error(ev->d, s->value->at, "'%s' must be true or false, not %s", s->key, value_kind_name(v.kind));
        value_release(v);
        return -1;
    }
    *out = v.u.num != 0;
    return 0;
}

static int resolve_optimizer(eval_ctx *ev, const ast_setting *s, value *out)
{
    if (eval_expr(ev, s->value, out) != 0)
        return -1;
    if (out->kind != V_OPT) {
        diag_error(ev->d, s->value->at, "'optimizer' must be an optimizer, not %s",
                   value_kind_name(out->kind));
        diag_hint(ev->d, "declare one with 'optimizer NAME = adam(lr: 3e-4)' or write adam(lr: 3e-4) here");
        value_release(*out);
        *out = (value){V_NONE, {0}};
        return -1;
    }
    return 0;
}

static int apply_setting(eval_ctx *ev, const ast_setting *s, ir_settings *out)
{
    const char *k = s->key;
    int w;
    if (!strcmp(k, "eta"))
        return out->has_eta = 1, resolve_number(ev, s, &out->eta);
    if (!strcmp(k, "dim"))
        return out->has_dim = 1, resolve_number(ev, s, &out->dim);
    if (!strcmp(k, "lr"))
        return out->has_lr = 1, resolve_number(ev, s, &out->lr);
    if (!strcmp(k, "capacity"))
        return out->has_capacity = 1, resolve_number(ev, s, &out->capacity);
    if (!strcmp(k, "N0"))
        return resolve_number(ev, s, &out->N0);
    if (!strcmp(k, "tol"))
        return resolve_number(ev, s, &out->tol);
    if (!strcmp(k, "batch"))
        return resolve_number(ev, s, &out->batch);
    if (!strcmp(k, "noise"))
        return resolve_number(ev, s, &out->noise);
    if (!strcmp(k, "seed"))
        return resolve_number(ev, s, &out->seed);
    if (!strcmp(k, "loss"))
        return resolve_word(ev, s, settings_loss_names, &w) ? -1 : (out->loss = (ir_loss)w, 0);
    if (!strcmp(k, "compete"))
        return resolve_word(ev, s, settings_compete_names, &w) ? -1 : (out->compete = (ir_compete)w, 0);
    if (!strcmp(k, "solver"))
        return resolve_word(ev, s, settings_solver_names, &w) ? -1 : (out->solver = (ir_solver)w, 0);
    if (!strcmp(k, "vectors")) {
        out->vectors_at = s->value->at;
        if (s->value->kind == E_MATRIX || s->value->kind == E_LIST ||
            (s->value->kind == E_NAME && word_index(settings_vector_names, s->value->u.name) < 0 &&
             (scope_find(ev->locals, s->value->u.name) || ir_find_param(ev->ir, s->value->u.name) >= 0))) {
            value_release(out->vector_matrix);
            out->vectors = VEC_MATRIX;
            return resolve_matrix(ev, s, &out->vector_matrix);
        }
        return resolve_word(ev, s, settings_vector_names, &w) ? -1 : (out->vectors = (ir_vectors)w, 0);
    }
    if (!strcmp(k, "correlation")) {
        out->correlation_at = s->value->at;
        value_release(out->correlation);
        out->correlation = (value){V_NONE, {0}};
        return resolve_correlation(ev, s, &out->correlation);
    }
    if (!strcmp(k, "gate"))
        return out->gate = s->value, 0;
    if (!strcmp(k, "optimizer")) {
        value_release(out->optimizer);
        out->optimizer = (value){V_NONE, {0}};
        return resolve_optimizer(ev, s, &out->optimizer);
    }
    if (!strcmp(k, "record"))
        return resolve_record(ev, s, out);
    if (!strcmp(k, "clamp"))
        return resolve_bool(ev, s, &out->clamp);
    if (!strcmp(k, "skills"))
        return resolve_skills(ev, s, out);
    return -1;
}

static void set_defaults(const ir_program *ir, ir_settings *out)
{
    memset(out, 0, sizeof *out);
    out->tol = 1e-10;
    out->solver = SOLVER_RK8PD;
    out->clamp = 1;
    out->skills = malloc(((size_t)ir->nskills + 1) * sizeof(int));
    if (!out->skills)
        abort();
    out->nskills = ir->nskills;
    for (int i = 0; i < ir->nskills; i++)
        out->skills[i] = i;
}

static int check_square(eval_ctx *ev, const ir_model *m, const ir_settings *out)
{
    const vobj *o = out->correlation.u.obj;
    int k = out->nskills;
    if (o->u.mat.rows != k || o->u.mat.cols != k) {
        diag_error(ev->d, out->correlation_at, "model '%s' has %d skills but its correlation matrix is %dx%d",
                   m->name, k, o->u.mat.rows, o->u.mat.cols);
        return -1;
    }
    for (int i = 0; i < k; i++)
        for (int j = 0; j < i; j++) {
            double a = o->u.mat.x[i * k + j], b = o->u.mat.x[j * k + i];
            if (!(fabs(a - b) <= 1e-12 * (fabs(a) + fabs(b))) || !isfinite(a)) {
                diag_error(ev->d, out->correlation_at, "the correlation matrix of model '%s' is not symmetric "
                           "(entries %d,%d and %d,%d differ)", m->name, i + 1, j + 1, j + 1, i + 1);
                return -1;
            }
        }
    return 0;
}

double settings_memory_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 0;
}

static int is_pow2(double x)
{
    return x >= 1 && (((unsigned long long)x) & ((unsigned long long)x - 1)) == 0;
}

static int finish(eval_ctx *ev, const ir_model *m, ir_settings *out)
{
    const char *kind = ir_model_kind_name(m->kind);
    if (m->kind != MODEL_GEOMETRY && !out->has_eta) {
        if (!(out->has_dim && out->has_lr)) {
            diag_error(ev->d, m->at, "%s model '%s' needs 'eta', or 'dim' and 'lr'", kind, m->name);
            diag_hint(ev->d, "eta = 2*sqrt(dim)*lr is the effective learning rate of the paper's §2.4");
            return -1;
        }
        out->eta = 2 * sqrt(out->dim) * out->lr;
    }
    if (m->kind == MODEL_DOMINO && !out->has_capacity)
        out->capacity = out->nskills;
    if (m->kind == MODEL_RESOURCE && out->correlation.kind == V_MATRIX)
        return check_square(ev, m, out);
    if (m->kind != MODEL_GEOMETRY)
        return 0;
    if (!out->has_dim) {
        diag_error(ev->d, m->at, "geometry model '%s' needs 'dim' (the number of parameters)", m->name);
        return -1;
    }
    if (out->optimizer.kind != V_OPT) {
        diag_error(ev->d, m->at, "geometry model '%s' needs an 'optimizer'", m->name);
        diag_hint(ev->d, "for example: optimizer = adam(lr: 3e-4, beta1: 0, beta2: 0)");
        return -1;
    }
    double need = 4.0 * out->nskills * out->dim + 64.0 * out->dim, have = settings_memory_bytes();
    if (have > 0 && need > 0.8 * have) {
        diag_error(ev->d, m->at, "model '%s' needs %.1f GB for its %d x %.0f task vectors, more "
                   "than this machine's memory", m->name, need / 1e9, out->nskills, out->dim);
        diag_hint(ev->d, "lower 'dim' or the number of skills");
        return -1;
    }
    if (out->vectors == VEC_ORTHOGONAL && out->nskills > out->dim) {
        diag_error(ev->d, out->vectors_at.src ? out->vectors_at : m->at,
                   "model '%s' has %d skills but only %.0f dimensions: orthogonal "
                   "vectors need skills <= dim", m->name, out->nskills, out->dim);
        diag_hint(ev->d, "use 'vectors = random' for the under-parametrised regime");
        return -1;
    }
    if (out->vectors == VEC_HADAMARD && !is_pow2(out->dim)) {
        diag_error(ev->d, out->vectors_at, "hadamard vectors need 'dim' to be a power of 2 (it is %.0f)", out->dim);
        return -1;
    }
    if (out->vectors == VEC_MATRIX) {
        const vobj *o = out->vector_matrix.u.obj;
        if (o->u.mat.rows != out->nskills || o->u.mat.cols != out->dim) {
            diag_error(ev->d, out->vectors_at, "model '%s' needs a %dx%.0f matrix of task vectors, not %dx%d",
                       m->name, out->nskills, out->dim, o->u.mat.rows, o->u.mat.cols);
            return -1;
        }
    }
    return 0;
}

int settings_resolve(eval_ctx *ev, const ir_model *m, const ast_vec *with, ir_settings *out)
{
    set_defaults(ev->ir, out);
    int vectors_given = 0, rc = 0;
    for (int pass = 0; pass < 2; pass++) {
        const ast_vec *list = pass == 0 ? &m->settings : with;
        for (int i = 0; list && i < list->n; i++) {
            const ast_setting *s = list->items[i];
            if (!settings_key_known(m->kind, s->key))
                continue;       /* the checker reports unknown keys */
            vectors_given |= !strcmp(s->key, "vectors");
            if (apply_setting(ev, s, out) != 0)
                rc = -1;
        }
    }
    if (m->kind == MODEL_GEOMETRY && !vectors_given)
        out->vectors = out->has_dim && out->nskills > out->dim ? VEC_RANDOM : VEC_ORTHOGONAL;
    if (rc == 0)
        rc = finish(ev, m, out);
    return rc;
}

void settings_release(ir_settings *s)
{
    value_release(s->correlation);
    value_release(s->vector_matrix);
    value_release(s->optimizer);
    free(s->skills);
    s->skills = NULL;
    s->correlation = s->vector_matrix = s->optimizer = (value){V_NONE, {0}};
}
