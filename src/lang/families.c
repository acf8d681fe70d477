/* families.c - skill families: `skill a[1..n]` expanded into skills a1 ...
 * an, each declared like a skill of its own; and the refusal of a sweep,
 * `with` or assignment that would change a family's range, since families
 * are expanded once, before the script runs.  Separate because it is the
 * one pass that turns one declaration into many. */
#include "checker.h"

#include <math.h>
#include <string.h>

#include "xalloc.h"

enum { MAX_FAMILY = 1000000 };

static int family_range(checker *c, const ast_stmt *s, int *lo, int *n)
{
    value v;
    if (eval_expr(&c->ev, s->u.skill.family, &v) != 0)
        return -1;
    int ok = v.kind == V_VEC;
    const double *x = ok ? v.u.obj->u.vec.x : NULL;
    int count = ok ? v.u.obj->u.vec.n : 0;
    for (int i = 0; ok && i < count; i++)
        ok = x[i] == floor(x[i]) && x[i] >= 0 && x[i] < 1e9 && (i == 0 || x[i] == x[i - 1] + 1);
    const ast_expr *fam = s->u.skill.family;
    double hi;
    if (ok && fam->kind == E_RANGE && eval_number(&c->ev, fam->u.range.hi, "a range's end", &hi) == 0)
        ok = hi == floor(hi);
    if (!ok) {
        diag_error(c->d, s->u.skill.family->at, "a skill family is numbered by a range of whole numbers, like 1..10");
    } else if (count == 0) {
        diag_error(c->d, s->u.skill.family->at, "the family '%s' is empty: its range has no members", s->name);
        ok = 0;
    } else if (count > MAX_FAMILY) {
        diag_error(c->d, s->u.skill.family->at, "the family '%s' has %d members; at most %d are allowed",
                   s->name, count, MAX_FAMILY);
        ok = 0;
    } else {
        *lo = (int)x[0];
        *n = count;
    }
    value_release(v);
    return ok ? 0 : -1;
}

static void add_skill(checker *c, const ast_stmt *s, const char *name, loc at, int i, int n,
                      int first, int *cap)
{
    ir_program *ir = c->ir;
    ir->skills = xgrow(ir->skills, cap, ir->nskills + 1, sizeof *ir->skills);
    ir_skill *sk = &ir->skills[ir->nskills];
    memset(sk, 0, sizeof *sk);
    sk->name = name;
    sk->at = at;
    sk->freq_ast = s->u.skill.freq;
    sk->gate_ast = s->u.skill.gate;
    sk->family_i = i;
    sk->family_first = first;
    sk->family_n = n;
    if (resolve_declare(c, name, at, SYM_SKILL, ir->nskills))
        ir->nskills++;
}

void families_expand(checker *c, ast_vec *owners)
{
    int cap = 0;
    for (int k = 0; k < c->skill_decls.n; k++) {
        const ast_stmt *s = c->skill_decls.items[k];
        if (!s->u.skill.family) {
            add_skill(c, s, s->name, s->name_loc, 0, 0, 0, &cap);
            ast_vec_push(c->a, owners, (void *)s);
            continue;
        }
        int lo, n;
        check_expr(c, s->u.skill.family, 0);
        if (family_range(c, s, &lo, &n) != 0)
            continue;
        int cap_f = ir_family_count(c->ir);
        c->ir->families = xgrow(c->ir->families, &cap_f, c->ir->nfamilies + 1, sizeof *c->ir->families);
        c->ir->families[c->ir->nfamilies] = (ir_family){s->name, c->ir->nskills, n, lo,
                                                                s->u.skill.family, s->name_loc};
        if (!resolve_declare(c, s->name, s->name_loc, SYM_FAMILY, c->ir->nfamilies))
            continue;           /* its members would repeat the error, one by one */
        c->ir->nfamilies++;
        for (int m = 0; m < n; m++) {
            char *name = arena_printf(c->a, "%s%d", s->name, lo + m);
            add_skill(c, s, name, s->name_loc, m + 1, n, lo, &cap);
            ast_vec_push(c->a, owners, (void *)s);
        }
    }
}

/* Skill families are expanded once: a sweep, `with` or assignment whose
 * known values (VALUES: a number, or a sweep's vector) of parameter NAME
 * change a family's range is refused now rather than when it runs. */
void families_check_sizes(checker *c, const char *name, loc at, const ast_expr *values)
{
    int k = resolve_local_visible(c, name) ? -1 : ir_find_param(c->ir, name);
    if (k < 0 || c->ir->nfamilies == 0 || !check_known_now(c, values))
        return;
    value v;
    if (eval_expr(&c->ev, values, &v) != 0)
        return;
    ir_param *p = &c->ev.params[k];
    value saved = value_retain(p->val);
    int fixed = p->fixed;
    int n = v.kind == V_VEC ? v.u.obj->u.vec.n : v.kind == V_NUM;
    for (int i = 0; i < n; i++) {
        double x = v.kind == V_VEC ? v.u.obj->u.vec.x[i] : v.u.num;
        if (eval_set_param(&c->ev, k, value_num(x), 1) != 0 ||
            eval_check_family_sizes(&c->ev, at, name) != 0)
            break;
    }
    eval_set_param(&c->ev, k, saved, fixed);
    value_release(v);
}
