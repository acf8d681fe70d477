#include "settings.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modelkeys.h"
#include "netsettings.h"
#include "numfmt.h"
#include "run.h"
#include "vectors.h"

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

/* The words a key is written with (loss, compete, solver, vectors), or NULL. */
static const char *const *words_of(const model_key *key)
{
    return key && (key->type == MKEY_WORD || key->type == MKEY_VECTORS) ? key->words : NULL;
}

/* "level, loss, align" */
static void join_words(char *buf, size_t size, const char *const *words)
{
    buf[0] = 0;
    for (int i = 0; words[i]; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? ", " : "", words[i]);
}

/* A word written bare (`loss = ce`): one of WORDS, or a name bound to nothing
 * a value could come from. */
static int bare_word(eval_ctx *ev, const ast_expr *e, const char *const *words)
{
    return e->kind == E_NAME && (word_index(words, e->u.name) >= 0 ||
                                 (!scope_find(ev->locals, e->u.name) && ir_find_param(ev->ir, e->u.name) < 0));
}

static int gram_of(eval_ctx *ev, const ast_expr *e, value *out)
{
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

static int is_call_of(const ast_expr *e, const char *name)
{
    return e->kind == E_CALL && e->u.call.fn->kind == E_NAME && !strcmp(e->u.call.fn->u.name, name);
}

/* from_correlation(C): the record {from_correlation: C}, C a matrix. */
static int from_correlation_of(eval_ctx *ev, const ast_expr *e, value *out)
{
    const ast_vec *args = &e->u.call.args;
    const ast_setting *a = args->n == 1 ? args->items[0] : NULL;
    if (!a || a->key) {
        diag_error(ev->d, e->at, "from_correlation takes one argument, the correlation matrix");
        diag_hint(ev->d, "for example: vectors = from_correlation([1, 0.5; 0.5, 1])");
        return -1;
    }
    value c;
    if (eval_expr(ev, a->value, &c) != 0)
        return -1;
    if (c.kind != V_MATRIX) {
        diag_error(ev->d, a->value->at, "from_correlation needs a matrix, not %s", value_kind_name(c.kind));
        value_release(c);
        return -1;
    }
    *out = value_record(1);
    out->u.obj->u.rec.keys[0] = "from_correlation";
    out->u.obj->u.rec.vals[0] = c;
    return 0;
}

static void ignore_record(const diag_record *r, void *user)
{
    (void)r;
    (void)user;
}

/* Whether E reads t or a skill's state: compiled as a run compiles it
 * (src/study/run.c), on a diag that shows nothing; what does not compile
 * is evaluated like any other value and reported then. */
static int follows_t_or_state(eval_ctx *ev, const ast_expr *e)
{
    diag quiet;
    diag_init_sink(&quiet, (diag_sink){ignore_record, NULL});
    arena *a = arena_new();
    expr_scope sc = {run_lookup, ev, 1, 1, 0, 0, 0, "setting", &quiet, a, NULL, NULL};
    expr_prog *p = expr_compile(&sc, e);
    int follows = p && !expr_is_constant(p);
    arena_free(a);
    return follows;
}

/* `record = [level, loss, align]`: the names, as symbols. */
static int record_of(eval_ctx *ev, const ast_setting *s, const model_key *key, value *out)
{
    const ast_expr *e = s->value;
    char list[160];
    join_words(list, sizeof list, key->words);
    if (e->kind != E_LIST) {
        diag_error(ev->d, e->at, "'%s' is a list of: %s", s->key, list);
        return -1;
    }
    int rc = 0, n = e->u.list.items.n;
    *out = value_list(n);
    for (int i = 0; i < n; i++) {
        const ast_expr *item = e->u.list.items.items[i];
        if (item->kind == E_NAME && word_index(key->words, item->u.name) >= 0) {
            out->u.obj->u.list.items[i] = (value){V_SYMBOL, {.sym = item->u.name}};
        } else {
            diag_error(ev->d, item->at, "'%s' is a list of: %s", s->key, list);
            rc = -1;
        }
    }
    if (rc != 0) {
        value_release(*out);
        *out = (value){V_NONE, {0}};
    }
    return rc;
}

/* What is written decides: `vectors = [[...]]` or `vectors = M` (a name
 * bound to a value, not a word) must be a matrix, and so must a
 * correlation not written gram(G). */
static int must_be_matrix(const model_key *key, const ast_expr *e)
{
    if (key && key->type == MKEY_VECTORS)
        return e->kind == E_MATRIX || e->kind == E_LIST || e->kind == E_NAME;
    return key && key->type == MKEY_CORRELATION;
}

int settings_value_of(eval_ctx *ev, const ast_setting *s, value *out)
{
    const ast_expr *e = s->value;
    const model_key *key = model_key_named(s->key);
    const char *const *words = words_of(key);
    if (words && bare_word(ev, e, words)) {
        *out = (value){V_SYMBOL, {.sym = e->u.name}};
        return 0;
    }
    if (key && key->type == MKEY_RECORD)
        return record_of(ev, s, key, out);
    if (key && key->type == MKEY_CORRELATION && is_call_of(e, "gram"))
        return gram_of(ev, e, out);
    if (key && key->type == MKEY_VECTORS && is_call_of(e, "from_correlation"))
        return from_correlation_of(ev, e, out);
    if (key && (key->flags & MKEY_FOLLOWS) && follows_t_or_state(ev, e)) {
        *out = (value){V_NONE, {0}};
        return 0;
    }
    if (eval_expr(ev, e, out) != 0)
        return -1;
    if (must_be_matrix(key, e) && out->kind != V_MATRIX) {
        diag_error(ev->d, e->at, "'%s' must be a matrix, not %s", s->key, value_kind_name(out->kind));
        value_release(*out);
        *out = (value){V_NONE, {0}};
        return -1;
    }
    return 0;
}

static const char *word_of(value v)
{
    return v.kind == V_STR ? v.u.obj->u.str.text : v.kind == V_SYMBOL ? v.u.sym : NULL;
}

/* One of WORDS, as a symbol or a string. */
static int resolve_word(eval_ctx *ev, const setting_value *s, const char *const *words, int *out)
{
    const char *w = word_of(s->v);
    int k = w ? word_index(words, w) : -1;
    *out = k;
    if (k >= 0)
        return 0;
    char list[160] = "";
    for (int i = 0; words[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i == 0 ? "" : words[i + 1] ? ", " : " or ", words[i]);
    if (w)
        diag_error(ev->d, s->at, "unknown %s '%s'", s->key, w);
    else
        diag_error(ev->d, s->at, "'%s' must be a word, not %s", s->key, value_kind_name(s->v.kind));
    const char *near = w ? diag_suggest(w, words, 16) : NULL;
    if (near)
        diag_note(ev->d, NULL, "did you mean '%s'?", near);
    diag_hint(ev->d, "'%s' is one of: %s", s->key, list);
    return -1;
}

static int bad_number(eval_ctx *ev, const setting_value *s, double x, const char *need)
{
    char buf[NUMFMT_MAX];
    diag_error(ev->d, s->at, "'%s' is %s; it must be %s", s->key, numfmt(buf, x), need);
    return -1;
}

static int resolve_number(eval_ctx *ev, const setting_value *s, const model_key *key, double *out)
{
    if (!value_is_number(s->v)) {
        diag_error(ev->d, s->at, "%s must be a number, not %s", s->key, value_kind_name(s->v.kind));
        return -1;
    }
    *out = s->v.u.num;
    const char *need = model_key_invalid(key, *out);
    return need ? bad_number(ev, s, *out, need) : 0;
}

/* Stores a matrix value in *OUT (which it releases first); V_NONE if S's is not one. */
static int resolve_matrix(eval_ctx *ev, const setting_value *s, value *out)
{
    value_release(*out);
    *out = (value){V_NONE, {0}};
    if (s->v.kind != V_MATRIX) {
        diag_error(ev->d, s->at, "'%s' must be a matrix, not %s", s->key, value_kind_name(s->v.kind));
        return -1;
    }
    *out = value_retain(s->v);
    return 0;
}

/* gram(G) (the model G) or a matrix. */
static int resolve_correlation(eval_ctx *ev, const setting_value *s, ir_settings *out)
{
    if (s->v.kind == V_MODEL && ev->ir->models[s->v.u.index].kind == MODEL_GEOMETRY) {
        value_release(out->correlation);
        out->correlation = s->v;
        return 0;
    }
    return resolve_matrix(ev, s, &out->correlation);
}

static int is_from_correlation(value v)
{
    return v.kind == V_RECORD && v.u.obj->u.rec.n == 1 &&
           !strcmp(v.u.obj->u.rec.keys[0], "from_correlation") && v.u.obj->u.rec.vals[0].kind == V_MATRIX;
}

/* from_correlation(C): C kept, and its place, for finish's checks. */
static void resolve_from_correlation(const setting_value *s, ir_settings *out)
{
    const ast_expr *e = s->expr;
    value_release(out->vector_matrix);
    out->vectors = VEC_CORRELATION;
    out->vector_matrix = value_retain(s->v.u.obj->u.rec.vals[0]);
    if (e && is_call_of(e, "from_correlation") && e->u.call.args.n == 1)
        out->vectors_at = ((const ast_setting *)e->u.call.args.items[0])->value->at;
}

/* A matrix of task vectors, from_correlation(C), or the name of a way to
 * make them. */
static int resolve_vectors(eval_ctx *ev, const setting_value *s, const model_key *key, ir_settings *out)
{
    int w;
    if (s->v.kind == V_MATRIX || s->v.kind == V_LIST || s->v.kind == V_VEC) {
        out->vectors = VEC_MATRIX;
        return resolve_matrix(ev, s, &out->vector_matrix);
    }
    if (is_from_correlation(s->v)) {
        resolve_from_correlation(s, out);
        return 0;
    }
    return resolve_word(ev, s, key->words, &w) ? -1 : (out->vectors = (ir_vectors)w, 0);
}

static int resolve_skills(eval_ctx *ev, const setting_value *s, ir_settings *out)
{
    value v = s->v;
    int n = v.kind == V_LIST ? v.u.obj->u.list.n : v.kind == V_SKILL ? 1 : -1;
    int ok = n > 0;
    for (int i = 0; ok && i < n && v.kind == V_LIST; i++)
        ok = v.u.obj->u.list.items[i].kind == V_SKILL;
    if (!ok) {
        diag_error(ev->d, s->at, "'skills' must be a non-empty list of skills");
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
    return 0;
}

/* Level and loss are always recorded; the list adds align. */
static int resolve_record(eval_ctx *ev, const setting_value *s, const model_key *key, int *align)
{
    int n = s->v.kind == V_LIST ? s->v.u.obj->u.list.n : 0;
    for (int i = 0; i < n; i++) {
        const char *w = word_of(s->v.u.obj->u.list.items[i]);
        int k = w ? word_index(key->words, w) : -1;
        if (k < 0)
            n = -1;
        else if (strcmp(key->words[k], "align") == 0)
            *align = 1;
    }
    if (s->v.kind != V_LIST || n < 0) {
        char list[160];
        join_words(list, sizeof list, key->words);
        diag_error(ev->d, s->at, "'%s' is a list of: %s", s->key, list);
        return -1;
    }
    return 0;
}

static int resolve_bool(eval_ctx *ev, const setting_value *s, int *out)
{
    if (s->v.kind != V_BOOL) {
        diag_error(ev->d, s->at, "'%s' must be true or false, not %s", s->key, value_kind_name(s->v.kind));
        return -1;
    }
    *out = s->v.u.num != 0;
    return 0;
}

static int resolve_optimizer(eval_ctx *ev, const setting_value *s, value *out)
{
    value_release(*out);
    *out = (value){V_NONE, {0}};
    if (s->v.kind != V_OPT) {
        diag_error(ev->d, s->at, "'optimizer' must be an optimizer, not %s", value_kind_name(s->v.kind));
        diag_hint(ev->d, "declare one with 'optimizer NAME = adam(lr: 3e-4)' or write adam(lr: 3e-4) here");
        return -1;
    }
    *out = s->v;
    return 0;
}

/* A vector, matrix or list, kept for the kind's own checks. */
static int resolve_numbers(eval_ctx *ev, const setting_value *s, value *out)
{
    value_release(*out);
    *out = (value){V_NONE, {0}};
    if (s->v.kind != V_VEC && s->v.kind != V_MATRIX && s->v.kind != V_LIST) {
        diag_error(ev->d, s->at, "'%s' must be a list, not %s", s->key, value_kind_name(s->v.kind));
        diag_hint(ev->d, "for example: hidden = [100, 100], parity = [[0, 1], [2, 3]]");
        return -1;
    }
    *out = value_retain(s->v);
    return 0;
}

/* Where a key that may follow t or the state keeps its expression. */
static const ast_expr **follows_field(ir_settings *out, const model_key *key)
{
    return key->field == (int)offsetof(ir_settings, eta) ? &out->eta_expr : &out->N0_expr;
}

/* A number, or for a resource model's eta and N0 an expression of t and
 * the state, kept as written for the run to compile. */
static int resolve_number_or_follows(eval_ctx *ev, const setting_value *s, const model_key *key,
                                     ast_model_kind kind, ir_settings *out)
{
    double *number = (double *)((char *)out + key->field);
    if (!(key->flags & MKEY_FOLLOWS))
        return resolve_number(ev, s, key, number);
    const ast_expr **expr = follows_field(out, key);
    *expr = NULL;
    if (s->v.kind != V_NONE || !s->expr)
        return resolve_number(ev, s, key, number);
    if (kind != MODEL_RESOURCE) {
        diag_error(ev->d, s->at, "the %s of a %s model is a number; it cannot follow t or the state",
                   s->key, ir_model_kind_name(kind));
        diag_hint(ev->d, "a resource model's eta and N0 may: resource R { eta = 0.1 / (1 + t / 500) }");
        return -1;
    }
    *expr = s->expr;
    *number = NAN;
    return 0;
}

/* KEY = S's value into OUT (a model of KIND), as KEY's row of the table says. */
static int apply_value(eval_ctx *ev, const setting_value *s, const model_key *key, ast_model_kind kind,
                       ir_settings *out)
{
    char *base = (char *)out, *field = base + key->field;
    int w;
    if (key->given != MKEY_NO_FIELD)
        *(int *)(base + key->given) = 1;
    if (key->given_at != MKEY_NO_FIELD)
        *(loc *)(base + key->given_at) = s->at;
    switch (key->type) {
    case MKEY_NUMBER: return resolve_number_or_follows(ev, s, key, kind, out);
    case MKEY_WORD: return resolve_word(ev, s, key->words, &w) ? -1 : (*(int *)field = w, 0);
    case MKEY_BOOL: return resolve_bool(ev, s, (int *)field);
    case MKEY_VECTORS: return resolve_vectors(ev, s, key, out);
    case MKEY_CORRELATION: return resolve_correlation(ev, s, out);
    case MKEY_OPTIMIZER: return resolve_optimizer(ev, s, (value *)field);
    case MKEY_RECORD: return resolve_record(ev, s, key, (int *)field);
    case MKEY_SKILLS: return resolve_skills(ev, s, out);
    case MKEY_NUMBERS: return resolve_numbers(ev, s, (value *)field);
    case MKEY_GATE: break;
    }
    diag_error(ev->d, s->key_loc, "'%s' cannot be changed by 'with'; declare another model", s->key);
    return -1;      /* gate: a function as written, not a value */
}

/* A model's own setting, as written. */
static int apply_setting(eval_ctx *ev, const ast_setting *s, const model_key *key, ast_model_kind kind,
                         ir_settings *out)
{
    if (key->type == MKEY_GATE) {
        *(const ast_expr **)((char *)out + key->field) = s->value;
        return 0;
    }
    setting_value sv = {s->key, s->key_loc, s->value->at, {V_NONE, {0}}, s->value};
    if (settings_value_of(ev, s, &sv.v) != 0)
        return -1;
    int rc = apply_value(ev, &sv, key, kind, out);
    value_release(sv.v);
    return rc;
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

/* A K x K matrix whose entries I,J and J,I differ (to 1e-12) or are not
 * finite: 1 with the first such pair, from 1; 0 if it is symmetric. */
static int asymmetric_pair(const double *x, int k, int *pi, int *pj)
{
    for (int i = 0; i < k; i++)
        for (int j = 0; j <= i; j++) {
            double a = x[i * k + j], b = x[j * k + i];
            if (!(fabs(a - b) <= 1e-12 * (fabs(a) + fabs(b))) || !isfinite(a)) {
                *pi = i + 1;
                *pj = j + 1;
                return 1;
            }
        }
    return 0;
}

static int check_symmetric(eval_ctx *ev, loc at, const ir_model *m, const vobj *o)
{
    int i, j;
    if (!asymmetric_pair(o->u.mat.x, o->u.mat.rows, &i, &j))
        return 0;
    if (i == j)
        diag_error(ev->d, at, "the correlation matrix of model '%s' has a non-finite entry (%d,%d)",
                   m->name, i, i);
    else
        diag_error(ev->d, at, "the correlation matrix of model '%s' is not symmetric (entries %d,%d and "
                   "%d,%d differ)", m->name, i, j, j, i);
    return -1;
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
    return check_symmetric(ev, out->correlation_at, m, o);
}

/* from_correlation(C): K x K, symmetric, positive semi-definite, and of
 * rank at most dim (its vectors must fit). */
static int check_from_correlation(eval_ctx *ev, const ir_model *m, const ir_settings *out)
{
    const vobj *o = out->vector_matrix.u.obj;
    int k = out->nskills, rank;
    double smallest;
    char buf[NUMFMT_MAX];
    if (o->u.mat.rows != k || o->u.mat.cols != k) {
        diag_error(ev->d, out->vectors_at, "model '%s' has %d skills but the correlation matrix is %dx%d",
                   m->name, k, o->u.mat.rows, o->u.mat.cols);
        diag_hint(ev->d, "from_correlation(C) needs C_ij = t_i . t_j for the model's %d skills, in their order", k);
        return -1;
    }
    if (check_symmetric(ev, out->vectors_at, m, o) != 0)
        return -1;
    if (vectors_correlation_rank(o->u.mat.x, k, &rank, &smallest) != 0) {
        diag_error(ev->d, out->vectors_at, "the correlation matrix of model '%s' is not positive "
                   "semi-definite: its smallest eigenvalue is %s", m->name, numfmt(buf, smallest));
        diag_hint(ev->d, "no vectors have this Gram matrix; check the off-diagonal entries "
                  "(each |C_ij| at most sqrt(C_ii C_jj), and all of them together consistent)");
        return -1;
    }
    if (rank > out->dim) {
        diag_error(ev->d, out->vectors_at, "the correlation matrix of model '%s' has rank %d: its vectors "
                   "need %d dimensions, but dim is %.0f", m->name, rank, rank, out->dim);
        diag_hint(ev->d, "raise 'dim' to %d or more, or give a correlation matrix of lower rank", rank);
        return -1;
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

/* The Quanta model learns every skill on its own: a skill that needs
 * others, or has a gate, has no place in it. */
static int finish_quanta(eval_ctx *ev, const ir_model *m, ir_settings *out)
{
    if (!out->has_eta) {
        diag_error(ev->d, m->at, "quanta model '%s' needs 'eta'", m->name);
        diag_hint(ev->d, "skill i is learned as 1 - exp(-eta p_i t): eta p_i is its rate per step");
        return -1;
    }
    if (!out->has_capacity)
        out->capacity = out->nskills;
    for (int k = 0; k < out->nskills; k++) {
        const ir_skill *sk = &ev->ir->skills[out->skills[k]];
        if (!sk->needs && !sk->gate_ast)
            continue;
        diag_error(ev->d, m->at, "quanta model '%s' learns its skills independently, but '%s' has %s",
                   m->name, sk->name, sk->needs ? "'needs'" : "a 'gate'");
        diag_hint(ev->d, "leave it out with 'skills = [...]', or use a resource or domino model");
        return -1;
    }
    return 0;
}

static int finish(eval_ctx *ev, const ir_model *m, ir_settings *out)
{
    const char *kind = ir_model_kind_name(m->kind);
    if (m->kind == MODEL_NETWORK)
        return netsettings_finish(ev, m, out);
    if (m->kind == MODEL_QUANTA)
        return finish_quanta(ev, m, out);
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
    if (!out->has_precision)
        out->precision = (ir_precision)model_key_default(model_key_named("precision"), m->kind);
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
    if (out->vectors == VEC_CORRELATION)
        return check_from_correlation(ev, m, out);
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

int settings_resolve(eval_ctx *ev, const ir_model *m, const setting_list *with, ir_settings *out)
{
    set_defaults(ev->ir, out);
    int rc = 0;
    for (int i = 0; i < m->settings.n; i++) {
        const ast_setting *s = m->settings.items[i];
        const model_key *key = model_key_find(m->kind, s->key);
        if (key && apply_setting(ev, s, key, m->kind, out) != 0)
            rc = -1;        /* the checker reports unknown keys */
    }
    for (int i = 0; with && i < with->n; i++) {
        const setting_value *s = &with->items[i];
        const model_key *key = model_key_find(m->kind, s->key);
        if (key && apply_value(ev, s, key, m->kind, out) != 0)
            rc = -1;        /* other keys are parameters */
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
