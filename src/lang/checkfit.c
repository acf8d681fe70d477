/* checkfit.c - the checks of `fit M to DATA vary ITEMS CLAUSES` that need
 * no run: each vary item's key or skill, its range when known now, its
 * modifiers, duplicates, and the clauses.  infer's items and clauses are
 * checked here too (check_vary_items, check_fit_clauses). */
#include "checker.h"

#include <math.h>
#include <string.h>

#include "settings.h"

static const char *const clause_words[] = {"on", "compare", "skills", "starts"};
enum { NCLAUSE_WORDS = 4 };

/* The model E names when known now, else NULL. */
static const ir_model *known_model(checker *c, const ast_expr *e)
{
    const symbol *m = resolve_model(c, e);
    return m ? &c->ir->models[m->index] : NULL;
}

/* LO and HI of a range known now; 0, or -1 (reported) when it is not two
 * numbers lo < hi, or 1 when it is not known now. */
static int known_range(checker *c, const ast_expr *e, const char *what, double *lo, double *hi)
{
    if (!check_known_now(c, e))
        return 1;
    return eval_interval(&c->ev, e, what, lo, hi);
}

/* The skill or family an item `p(S)`/`u0(S)` names: 0, or -1 reported. */
static int check_vary_skill(checker *c, const ast_vary *v, const ir_model *m)
{
    if (strcmp(v->key, "p") != 0 && strcmp(v->key, "u0") != 0) {
        diag_error(c->d, v->key_loc, "'%s(...)' cannot be varied", v->key);
        diag_hint(c->d, "vary items are KEY in [lo, hi], p(S) in [lo, hi] (a skill's frequency) or "
                        "u0(S) in [lo, hi] (its initial unskill)");
        return -1;
    }
    const symbol *s = symtab_get(&c->ir->names, v->skill);
    int family = s && s->kind == SYM_FAMILY;
    if (!s || (s->kind != SYM_SKILL && !family) || (v->index && !family)) {
        diag_error(c->d, v->skill_loc, "'%s' is not a %s", v->skill, v->index ? "family" : "skill or family");
        if (!s)
            resolve_suggest(c, v->skill, 1);
        return -1;
    }
    if (v->index)
        check_expr(c, v->index, 0);
    if (v->key[0] == 'u' && m && m->kind != MODEL_RESOURCE) {
        diag_error(c->d, v->key_loc, "u0(...) is a resource model's initial unskill; '%s' is a %s model",
                   m->name, ir_model_kind_name(m->kind));
        return -1;
    }
    return 0;
}

/* The range of item V, when known now, suits its kind and scale. */
static void check_vary_range(checker *c, const ast_vary *v)
{
    double lo, hi;
    if (known_range(c, v->range, "a vary item", &lo, &hi) != 0)
        return;
    int u0 = v->skill && v->key[0] == 'u';
    int logit = v->scale == VARY_SCALE_LOGIT || (v->scale == VARY_SCALE_DEFAULT && u0);
    if (u0 && (lo < 0 || hi > 1))
        diag_error(c->d, v->range->at, "an initial unskill lies in [0, 1], not [%g, %g]", lo, hi);
    else if (!logit && lo <= 0)
        diag_error(c->d, v->range->at, "a range searched on a log scale needs 0 < lo, not %g", lo);
    else
        return;
    if (!logit)
        diag_hint(c->d, "write 'logit' before the item to search [lo, hi] on a logit scale");
}

/* Labels two items share: the same key, or the same skill's p or u0 (a
 * family overlaps each of its members). */
static int same_target(checker *c, const ast_vary *a, const ast_vary *b)
{
    if (!a->skill || !b->skill)
        return !a->skill && !b->skill && strcmp(a->key, b->key) == 0;
    if (strcmp(a->key, b->key) != 0)
        return 0;
    if (strcmp(a->skill, b->skill) != 0)
        return 0;
    if (!a->index || !b->index)
        return 1;
    double ia, ib;
    return check_known_now(c, a->index) && check_known_now(c, b->index) &&
           eval_number(&c->ev, a->index, "a member's number", &ia) == 0 &&
           eval_number(&c->ev, b->index, "a member's number", &ib) == 0 && ia == ib;
}

/* Whether DATA holds one data set for certain: a run, or a list of one. */
static int one_data_set(const ast_expr *data)
{
    return data && (data->kind == E_RUN || (data->kind == E_LIST && data->u.list.items.n == 1));
}

void check_vary_items(checker *c, const ast_expr *model, const ast_expr *data, const ast_vec *items)
{
    const ir_model *m = known_model(c, model);
    for (int i = 0; i < items->n; i++) {
        const ast_vary *v = items->items[i];
        int errors = c->d->nerrors;
        if (v->skill)
            check_vary_skill(c, v, m);
        else
            check_key(c, model, v->key, v->key_loc);
        check_expr(c, v->range, 0);
        if (c->d->nerrors == errors)
            check_vary_range(c, v);
        if (v->each && one_data_set(data))
            diag_error(c->d, v->each_at, "'each' gives one value per data set; this fit has one data set");
        for (int j = 0; j < i; j++) {
            const ast_vary *w = items->items[j];
            if (same_target(c, v, w)) {
                diag_error(c->d, v->at, "this item varies what an earlier one varies");
                diag_note(c->d, &w->at, "the earlier item");
                break;
            }
        }
    }
}

/* `compare levels`, `compare loss` or `compare log(loss)`. */
static int compare_space_known(const ast_expr *e)
{
    if (e->kind == E_NAME)
        return strcmp(e->u.name, "levels") == 0 || strcmp(e->u.name, "loss") == 0;
    if (e->kind != E_CALL || e->u.call.fn->kind != E_NAME || strcmp(e->u.call.fn->u.name, "log") != 0 ||
        e->u.call.args.n != 1)
        return 0;
    const ast_setting *a = e->u.call.args.items[0];
    return !a->key && a->value->kind == E_NAME && strcmp(a->value->u.name, "loss") == 0;
}

/* `skills [A, B, F[2], ...]`: skills and families by name. */
static void check_skill_list(checker *c, const ast_expr *e)
{
    if (e->kind != E_LIST) {
        diag_error(c->d, e->at, "'skills' needs a list of skills, e.g. [A, B]");
        return;
    }
    for (int i = 0; i < e->u.list.items.n; i++) {
        const ast_expr *item = e->u.list.items.items[i];
        const ast_expr *name = item->kind == E_INDEX ? item->u.index.obj : item;
        const symbol *s = name->kind == E_NAME ? symtab_get(&c->ir->names, name->u.name) : NULL;
        int family = s && s->kind == SYM_FAMILY;
        if (!s || (s->kind != SYM_SKILL && !family) || (item->kind == E_INDEX && !family)) {
            diag_error(c->d, item->at, "'skills' lists skills and families; this is not one");
            if (!s && name->kind == E_NAME)
                resolve_suggest(c, name->u.name, 1);
        } else if (item->kind == E_INDEX) {
            check_expr(c, item->u.index.index, 0);
        }
    }
}

static void check_starts(checker *c, const ast_expr *e)
{
    double n;
    check_expr(c, e, 0);
    if (check_known_now(c, e) && eval_number(&c->ev, e, "'starts'", &n) == 0 &&
        !(n >= 1 && n <= 1000 && n == floor(n)))
        diag_error(c->d, e->at, "'starts' must be a whole number from 1 to 1000, not %g", n);
}

static void check_clause(checker *c, const ast_fitclause *k)
{
    int on = strcmp(k->word, "on") == 0;
    if (k->steps != on) {
        int known = 0;
        for (int i = 0; i < NCLAUSE_WORDS; i++)
            known |= strcmp(k->word, clause_words[i]) == 0;
        diag_error(c->d, k->at, "unknown clause '%s%s'", k->word, k->steps ? " steps" : "");
        const char *near = known ? NULL : diag_suggest(k->word, clause_words, NCLAUSE_WORDS);
        if (near)
            diag_note(c->d, NULL, "did you mean '%s'?", near);
        diag_hint(c->d, "the clauses are: on steps [a, b], compare levels | loss | log(loss), "
                        "skills [A, B, ...], starts N");
        return;
    }
    double lo, hi;
    if (on) {
        check_expr(c, k->value, 0);
        known_range(c, k->value, "'on steps'", &lo, &hi);
    } else if (k->word[0] == 'c') {
        if (!compare_space_known(k->value)) {
            diag_error(c->d, k->value->at, "'compare' takes levels, loss or log(loss)");
        }
    } else if (k->word[0] == 's' && k->word[1] == 'k') {
        check_skill_list(c, k->value);
    } else {
        check_starts(c, k->value);
    }
}

void check_fit_clauses(checker *c, const ast_vec *clauses)
{
    for (int i = 0; i < clauses->n; i++) {
        const ast_fitclause *k = clauses->items[i];
        check_clause(c, k);
        for (int j = 0; j < i; j++) {
            const ast_fitclause *w = clauses->items[j];
            if (strcmp(k->word, w->word) == 0) {
                diag_error(c->d, k->at, "'%s' is given twice", k->word);
                diag_note(c->d, &w->at, "first given here");
                break;
            }
        }
    }
}

void check_fit(checker *c, const ast_expr *e, int ctx)
{
    check_expr(c, e->u.fit.model, ctx);
    check_expr(c, e->u.fit.target, ctx);
    check_vary_items(c, e->u.fit.model, e->u.fit.target, &e->u.fit.vary);
    check_fit_clauses(c, &e->u.fit.clauses);
}
