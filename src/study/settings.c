#include "settings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modelkeys.h"
#include "numfmt.h"

const char *const *settings_keys(ast_model_kind kind)
{
    return model_key_names(kind);
}

int settings_key_known(ast_model_kind kind, const char *key)
{
    return model_key_find(kind, key) != NULL;
}

static int word_index(const char *const *words, const char *w)
{
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], w) == 0)
            return i;
    return -1;
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

static int resolve_number(eval_ctx *ev, const ast_setting *s, const model_key *key, double *out)
{
    if (eval_number(ev, s->value, s->key, out) != 0)
        return -1;
    const char *need = model_key_invalid(key, *out);
    return need ? bad_number(ev, s, *out, need) : 0;
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

/* "level, loss, align" */
static void join_words(char *buf, size_t size, const char *const *words)
{
    buf[0] = 0;
    for (int i = 0; words[i]; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? ", " : "", words[i]);
}

/* Level and loss are always recorded; the list adds align. */
static int resolve_record(eval_ctx *ev, const ast_setting *s, const model_key *key, int *align)
{
    const ast_expr *e = s->value;
    char list[160];
    join_words(list, sizeof list, key->words);
    if (e->kind != E_LIST) {
        diag_error(ev->d, e->at, "'%s' is a list of: %s", s->key, list);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < e->u.list.items.n; i++) {
        const ast_expr *item = e->u.list.items.items[i];
        int k = item->kind == E_NAME ? word_index(key->words, item->u.name) : -1;
        if (k < 0) {
            diag_error(ev->d, item->at, "'%s' is a list of: %s", s->key, list);
            rc = -1;
        } else if (strcmp(key->words[k], "align") == 0) {
            *align = 1;
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

static int apply_word(eval_ctx *ev, const ast_setting *s, const model_key *key, int *field)
{
    int w;
    if (resolve_word(ev, s, key->words, &w) != 0)
        return -1;
    *field = w;
    return 0;
}

/* A bare word names a kind of vectors unless it is a variable; a matrix,
 * a list or such a variable gives the vectors themselves. */
static int apply_vectors(eval_ctx *ev, const ast_setting *s, const model_key *key, ir_settings *out)
{
    const ast_expr *e = s->value;
    if (e->kind == E_MATRIX || e->kind == E_LIST ||
        (e->kind == E_NAME && word_index(key->words, e->u.name) < 0 &&
         (scope_find(ev->locals, e->u.name) || ir_find_param(ev->ir, e->u.name) >= 0))) {
        value_release(out->vector_matrix);
        out->vectors = VEC_MATRIX;
        return resolve_matrix(ev, s, &out->vector_matrix);
    }
    return apply_word(ev, s, key, (int *)&out->vectors);
}

static int apply_value(eval_ctx *ev, const ast_setting *s, const model_key *key, value *field)
{
    value_release(*field);
    *field = (value){V_NONE, {0}};
    if (key->type == MKEY_CORRELATION)
        return resolve_correlation(ev, s, field);
    return resolve_optimizer(ev, s, field);
}

static int apply_setting(eval_ctx *ev, const ast_setting *s, const model_key *key, ir_settings *out)
{
    char *base = (char *)out, *field = base + key->field;
    if (key->given != MKEY_NO_FIELD)
        *(int *)(base + key->given) = 1;
    if (key->given_at != MKEY_NO_FIELD)
        *(loc *)(base + key->given_at) = s->value->at;
    switch (key->type) {
    case MKEY_NUMBER: return resolve_number(ev, s, key, (double *)field);
    case MKEY_WORD: return apply_word(ev, s, key, (int *)field);
    case MKEY_BOOL: return resolve_bool(ev, s, (int *)field);
    case MKEY_VECTORS: return apply_vectors(ev, s, key, out);
    case MKEY_CORRELATION:
    case MKEY_OPTIMIZER: return apply_value(ev, s, key, (value *)field);
    case MKEY_GATE: return *(const ast_expr **)field = s->value, 0;
    case MKEY_RECORD: return resolve_record(ev, s, key, (int *)field);
    case MKEY_SKILLS: return resolve_skills(ev, s, out);
    }
    return -1;
}

static void set_default(const model_key *key, ir_settings *out)
{
    char *field = (char *)out + key->field;
    if (key->type == MKEY_NUMBER)
        *(double *)field = key->fallback;
    else if (key->type == MKEY_WORD || key->type == MKEY_VECTORS || key->type == MKEY_BOOL)
        *(int *)field = (int)key->fallback;
}

/* The table's defaults; those that depend on other keys are set by finish. */
static void set_defaults(const ir_program *ir, ir_settings *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; model_key_at(i); i++)
        set_default(model_key_at(i), out);
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
    int rc = 0;
    for (int pass = 0; pass < 2; pass++) {
        const ast_vec *list = pass == 0 ? &m->settings : with;
        for (int i = 0; list && i < list->n; i++) {
            const ast_setting *s = list->items[i];
            const model_key *key = model_key_find(m->kind, s->key);
            if (key && apply_setting(ev, s, key, out) != 0)
                rc = -1;        /* the checker reports unknown keys */
        }
    }
    if (m->kind == MODEL_GEOMETRY && !out->vectors_at.src)
        out->vectors = out->has_dim && out->nskills > out->dim ? VEC_RANDOM : VEC_ORTHOGONAL;
    if (rc == 0)
        rc = finish(ev, m, out);
    return rc;
}

void settings_release(ir_settings *s)
{
    ir_settings_release(s);
}
