#include "eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "builtins.h"
#include "load.h"
#include "numfmt.h"
#include "fit.h"
#include "infer.h"
#include "output.h"
#include "query.h"
#include "run.h"
#include "stats.h"
#include "verbs.h"

void scope_bind(scope *s, const char *name, value v)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->vars[i].name, name) == 0) {
            value_release(s->vars[i].v);
            s->vars[i].v = v;
            return;
        }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->vars = realloc(s->vars, (size_t)s->cap * sizeof *s->vars);
        if (!s->vars) {
            fputs("skill: out of memory\n", stderr);
            abort();
        }
    }
    s->vars[s->n].name = name;
    s->vars[s->n].v = v;
    s->n++;
}

scope_var *scope_find(scope *s, const char *name)
{
    for (; s; s = s->opaque ? NULL : s->up)
        for (int i = s->n - 1; i >= 0; i--)
            if (strcmp(s->vars[i].name, name) == 0)
                return &s->vars[i];
    return NULL;
}

void scope_clear(scope *s)
{
    for (int i = 0; i < s->n; i++)
        value_release(s->vars[i].v);
    free(s->vars);
    s->vars = NULL;
    s->n = s->cap = 0;
}

static int err(eval_ctx *ev, loc at, const char *fmt, const char *a, const char *b)
{
    diag_error(ev->d, at, fmt, a, b);
    return -1;
}

int eval_param(eval_ctx *ev, int k)
{
    ir_param *p = &ev->params[k];
    if (p->state == 2)
        return 0;
    if (p->state == 1) {
        diag_error(ev->d, p->at, "parameter '%s' is defined in terms of itself", p->name);
        return -1;
    }
    p->state = 1;
    scope *saved = ev->locals;
    ev->locals = NULL;      /* a parameter sees only globals */
    value v;
    int rc = eval_expr(ev, p->init, &v);
    ev->locals = saved;
    if (rc == 0) {
        value_release(p->val);
        p->val = v;
        p->state = 2;
    } else {
        p->state = 0;
    }
    return rc;
}

int eval_set_param(eval_ctx *ev, int k, value v, int fixed)
{
    ir_program *ir = ev->ir;
    ir_param *params = ev->params;
    value_release(params[k].val);
    params[k].val = v;
    params[k].fixed = fixed;
    params[k].state = 2;
    for (int i = 0; i < ir->nparams; i++)
        if (!params[i].fixed && i != k)
            params[i].state = 0;
    int rc = 0;
    for (int i = 0; i < ir->nparams; i++)
        if (eval_param(ev, i) != 0)
            rc = -1;
    return rc;
}

/* The families were expanded once, when the file was checked: the skills,
 * their compiled frequencies and every model's skill list hold that size. */
int eval_check_family_sizes(eval_ctx *ev, loc at, const char *name)
{
    for (int k = 0; k < ev->ir->nfamilies; k++) {
        const ir_family *f = &ev->ir->families[k];
        scope *saved = ev->locals;
        ev->locals = NULL;
        value v;
        int rc = eval_expr(ev, f->range, &v);
        ev->locals = saved;
        if (rc != 0)
            return -1;
        int n = v.kind == V_VEC ? v.u.obj->u.vec.n : -1;
        double lo = n > 0 ? v.u.obj->u.vec.x[0] : NAN;
        value_release(v);
        if (n == f->n && lo == f->lo)
            continue;
        char members[64];
        snprintf(members, sizeof members, n >= 0 ? "%d members" : "no range of members", n);
        if (n == f->n)
            diag_error(ev->d, at, "here '%s' numbers the skill family '%s' from %g, but its skills "
                       "were named once, from %d, when the file was checked", name, f->name, lo, f->lo);
        else
            diag_error(ev->d, at, "here '%s' gives the skill family '%s' %s, but its skills were "
                       "expanded once, with %d members, when the file was checked", name, f->name,
                       n == 1 ? "1 member" : members, f->n);
        diag_note(ev->d, &f->at, "the family '%s' is declared here", f->name);
        diag_hint(ev->d, "run the file once per size, e.g. skill run -D %s=VALUE FILE, or set %s "
                  "in skill repl, which checks the program again", name, name);
        return -1;
    }
    return 0;
}

/* 'did you mean' among the locals in scope, such as a table verb's columns. */
static void suggest_local(eval_ctx *ev, const char *name)
{
    enum { MAX_NAMES = 256 };
    const char *names[MAX_NAMES];
    int n = 0;
    for (scope *s = ev->locals; s && n < MAX_NAMES; s = s->opaque ? NULL : s->up)
        for (int i = 0; i < s->n && n < MAX_NAMES; i++)
            names[n++] = s->vars[i].name;
    const char *near = diag_suggest(name, names, n);
    if (near)
        diag_note(ev->d, NULL, "did you mean '%s'?", near);
}

static int lookup(eval_ctx *ev, const ast_expr *e, value *out)
{
    const char *name = e->u.name;
    scope_var *var = scope_find(ev->locals, name);
    if (var) {
        *out = value_retain(var->v);
        return 0;
    }
    ir_program *ir = ev->ir;
    int k;
    if ((k = ir_find_param(ir, name)) >= 0) {
        if (eval_param(ev, k) != 0)
            return -1;
        *out = value_retain(ev->params[k].val);
        return 0;
    }
    if ((k = ir_find_skill(ir, name)) >= 0) {
        *out = (value){V_SKILL, {.index = k}};
        return 0;
    }
    if ((k = ir_find_family(ir, name)) >= 0) {     /* a family is the list of its members */
        const ir_family *f = &ir->families[k];
        *out = value_list(f->n);
        for (int m = 0; m < f->n; m++)
            out->u.obj->u.list.items[m] = (value){V_SKILL, {.index = f->first + m}};
        return 0;
    }
    if ((k = ir_find_model(ir, name)) >= 0) {
        *out = (value){V_MODEL, {.index = k}};
        return 0;
    }
    if ((k = ir_find_opt(ir, name)) >= 0) {
        *out = (value){V_OPT, {.index = k}};
        return 0;
    }
    const ast_stmt *def = ir_find_def(ir, name);
    if (def) {
        *out = value_func(def, NULL, NULL, 0);
        return 0;
    }
    const builtin *b = builtin_find(name);
    if (b && b->kind == BI_CONST) {
        *out = value_num(b->value);
        return 0;
    }
    if (b) {
        *out = value_func(NULL, b->name, NULL, 0);
        return 0;
    }
    if (strcmp(name, "t") == 0 || strcmp(name, "i") == 0)
        return err(ev, e->at, "'%s' is only defined inside skill and model expressions%s", name, "");
    err(ev, e->at, "undefined name '%s'%s", name, "");
    suggest_local(ev, name);
    return -1;
}

/* Elementwise arithmetic: number with number, vector with number, or two
 * vectors of one length. */
static double arith(ast_op op, double a, double b)
{
    switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_DIV: return a / b;
    case OP_MOD: return fmod(a, b);
    case OP_POW: return pow(a, b);
    default: return NAN;
    }
}

static int elementwise(eval_ctx *ev, const ast_expr *e, value a, value b, value *out)
{
    ast_op op = e->u.op.op;
    if (value_is_number(a) && value_is_number(b)) {
        *out = value_num(arith(op, a.u.num, b.u.num));
        return 0;
    }
    int va = a.kind == V_VEC, vb = b.kind == V_VEC;
    if ((va || value_is_number(a)) && (vb || value_is_number(b))) {
        int n = va ? a.u.obj->u.vec.n : b.u.obj->u.vec.n;
        if (va && vb && b.u.obj->u.vec.n != n) {
            char la[32], lb[32];
            snprintf(la, sizeof la, "%d", n);
            snprintf(lb, sizeof lb, "%d", b.u.obj->u.vec.n);
            return err(ev, e->at, "vectors of different lengths (%s and %s)", la, lb);
        }
        *out = value_vec(n);
        double *x = out->u.obj->u.vec.x;
        for (int i = 0; i < n; i++)
            x[i] = arith(op, va ? a.u.obj->u.vec.x[i] : a.u.num, vb ? b.u.obj->u.vec.x[i] : b.u.num);
        return 0;
    }
    if (op == OP_ADD && a.kind == V_STR && b.kind == V_STR) {
        size_t la = a.u.obj->u.str.len, lb = b.u.obj->u.str.len;
        char *buf = malloc(la + lb + 1);
        if (!buf)
            abort();
        memcpy(buf, a.u.obj->u.str.text, la);
        memcpy(buf + la, b.u.obj->u.str.text, lb);
        *out = value_str(buf, la + lb);
        free(buf);
        return 0;
    }
    return err(ev, e->at, "cannot apply '%s' to %s", ast_op_text(op),
               a.kind == b.kind ? value_kind_name(a.kind) : "these operands");
}

static int equal_values(value a, value b)
{
    /* lists of skills or numbers compare element by element (below) */
    if (value_is_number(a) && value_is_number(b))
        return a.u.num == b.u.num;
    if (a.kind != b.kind)
        return 0;
    switch (a.kind) {
    case V_STR:
        return a.u.obj->u.str.len == b.u.obj->u.str.len &&
               memcmp(a.u.obj->u.str.text, b.u.obj->u.str.text, a.u.obj->u.str.len) == 0;
    case V_SKILL: case V_MODEL: case V_OPT:
        return a.u.index == b.u.index;
    case V_SYMBOL:
        return strcmp(a.u.sym, b.u.sym) == 0;
    case V_VEC:             /* as numbers: -0 == 0, nan != nan */
        if (a.u.obj->u.vec.n != b.u.obj->u.vec.n)
            return 0;
        for (int i = 0; i < a.u.obj->u.vec.n; i++)
            if (a.u.obj->u.vec.x[i] != b.u.obj->u.vec.x[i])
                return 0;
        return 1;
    case V_LIST:
        if (a.u.obj->u.list.n != b.u.obj->u.list.n)
            return 0;
        for (int i = 0; i < a.u.obj->u.list.n; i++)
            if (!equal_values(a.u.obj->u.list.items[i], b.u.obj->u.list.items[i]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

static int compare(eval_ctx *ev, const ast_expr *e, value a, value b, value *out)
{
    ast_op op = e->u.op.op;
    if (op == OP_EQ || op == OP_NE) {
        int eq = equal_values(a, b);
        *out = value_bool(op == OP_EQ ? eq : !eq);
        return 0;
    }
    if (!value_is_number(a) || !value_is_number(b))
        return err(ev, e->at, "'%s' compares numbers, not %s", ast_op_text(op),
                   value_kind_name(value_is_number(a) ? b.kind : a.kind));
    double x = a.u.num, y = b.u.num;
    int r = op == OP_LT ? x < y : op == OP_LE ? x <= y : op == OP_GT ? x > y : x >= y;
    *out = value_bool(r);
    return 0;
}

static int eval_binary(eval_ctx *ev, const ast_expr *e, value *out)
{
    ast_op op = e->u.op.op;
    value a, b;
    if (eval_expr(ev, e->u.op.a, &a) != 0)
        return -1;
    if (op == OP_AND || op == OP_OR) {
        int ta = value_truthy(a);
        value_release(a);
        if (op == OP_AND ? !ta : ta) {
            *out = value_bool(ta);
            return 0;
        }
        if (eval_expr(ev, e->u.op.b, &b) != 0)
            return -1;
        *out = value_bool(value_truthy(b));
        value_release(b);
        return 0;
    }
    if (eval_expr(ev, e->u.op.b, &b) != 0) {
        value_release(a);
        return -1;
    }
    int rc = op >= OP_EQ && op <= OP_GE ? compare(ev, e, a, b, out) : elementwise(ev, e, a, b, out);
    value_release(a);
    value_release(b);
    return rc;
}

static int eval_unary(eval_ctx *ev, const ast_expr *e, value *out)
{
    value a;
    if (eval_expr(ev, e->u.op.a, &a) != 0)
        return -1;
    int rc = 0;
    if (e->u.op.op == OP_NOT) {
        *out = value_bool(!value_truthy(a));
    } else if (value_is_number(a)) {
        *out = value_num(-a.u.num);
    } else if (a.kind == V_VEC) {
        int n = a.u.obj->u.vec.n;
        *out = value_vec(n);
        for (int i = 0; i < n; i++)
            out->u.obj->u.vec.x[i] = -a.u.obj->u.vec.x[i];
    } else {
        rc = err(ev, e->at, "cannot negate %s%s", value_kind_name(a.kind), "");
    }
    value_release(a);
    return rc;
}

static int eval_range(eval_ctx *ev, const ast_expr *e, value *out)
{
    double lo, hi, by = 1;
    if (eval_number(ev, e->u.range.lo, "a range's start", &lo) != 0 ||
        eval_number(ev, e->u.range.hi, "a range's end", &hi) != 0 ||
        (e->u.range.by && eval_number(ev, e->u.range.by, "a range's step", &by) != 0))
        return -1;
    if (!isfinite(lo) || !isfinite(hi) || !isfinite(by) || by <= 0)
        return err(ev, e->at, "a range needs finite ends and a positive step%s%s", "", "");
    double count = floor((hi - lo) / by + 1e-9) + 1;
    if (count < 0)
        count = 0;
    if (count > EVAL_MAX_ELEMENTS)
        return err(ev, e->at, "this range has too many elements%s%s", "", "");
    int n = (int)count;
    *out = value_vec(n);
    for (int i = 0; i < n; i++)
        out->u.obj->u.vec.x[i] = lo + i * by;
    return 0;
}

static int eval_list(eval_ctx *ev, const ast_expr *e, value *out)
{
    const ast_vec *items = &e->u.list.items;
    value *vals = calloc((size_t)items->n + 1, sizeof *vals);
    int numeric = 1;
    for (int i = 0; i < items->n; i++) {
        if (eval_expr(ev, items->items[i], &vals[i]) != 0) {
            for (int j = 0; j < i; j++)
                value_release(vals[j]);
            free(vals);
            return -1;
        }
        numeric &= value_is_number(vals[i]);
    }
    if (numeric) {
        *out = value_vec(items->n);
        for (int i = 0; i < items->n; i++)
            out->u.obj->u.vec.x[i] = vals[i].u.num;
    } else {
        *out = value_list(items->n);
        for (int i = 0; i < items->n; i++)
            out->u.obj->u.list.items[i] = vals[i];
    }
    free(vals);
    return 0;
}

static int eval_matrix(eval_ctx *ev, const ast_expr *e, value *out)
{
    const ast_vec *rows = &e->u.matrix.rows;
    const ast_vec *first = rows->items[0];
    int ncols = first->n;
    for (int r = 1; r < rows->n; r++) {
        const ast_vec *row = rows->items[r];
        if (row->n != ncols) {
            char a[16], b[16];
            snprintf(a, sizeof a, "%d", ncols);
            snprintf(b, sizeof b, "%d", row->n);
            return err(ev, e->at, "matrix rows differ in length (%s and %s)", a, b);
        }
    }
    *out = value_matrix(rows->n, ncols);
    for (int r = 0; r < rows->n; r++) {
        const ast_vec *row = rows->items[r];
        for (int c = 0; c < ncols; c++)
            if (eval_number(ev, row->items[c], "a matrix entry",
                            &out->u.obj->u.mat.x[r * ncols + c]) != 0) {
                value_release(*out);
                return -1;
            }
    }
    return 0;
}

static int eval_string(eval_ctx *ev, const ast_expr *e, value *out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();
    int rc = 0;
    for (int i = 0; i < e->u.str.parts.n && rc == 0; i++) {
        const ast_strpart *part = e->u.str.parts.items[i];
        if (part->text) {
            fputs(part->text, f);
            continue;
        }
        value v;
        if ((rc = eval_expr(ev, part->expr, &v)) == 0) {
            output_value(f, ev->ir, v);
            value_release(v);
        }
    }
    fclose(f);
    if (rc == 0)
        *out = value_str(buf, len);
    free(buf);
    return rc;
}

static int eval_call(eval_ctx *ev, const ast_expr *e, value *out);

static int eval_member(eval_ctx *ev, const ast_expr *e, value *out)
{
    value obj;
    if (eval_expr(ev, e->u.member.obj, &obj) != 0)
        return -1;
    const char *name = e->u.member.name;
    int rc = -1;
    if (obj.kind == V_RECORD || obj.kind == V_TABLE) {
        const vobj *o = obj.u.obj;
        for (int i = 0; i < o->u.rec.n; i++)
            if (strcmp(o->u.rec.keys[i], name) == 0) {
                *out = value_retain(o->u.rec.vals[i]);
                rc = 0;
            }
        if (rc != 0)
            err(ev, e->u.member.name_loc, "this record has no field '%s'%s", name, "");
    } else if (obj.kind == V_RESULT) {
        rc = query_member(ev, e, obj.u.obj->u.res, name, out);
    } else if (obj.kind == V_SKILL && strcmp(name, "name") == 0) {
        const char *s = ev->ir->skills[obj.u.index].name;
        *out = value_str(s, strlen(s));
        rc = 0;
    } else {
        err(ev, e->u.member.name_loc, "%s has no field '%s'", value_kind_name(obj.kind), name);
    }
    value_release(obj);
    return rc;
}

static int index_error(eval_ctx *ev, const ast_expr *at, double idx, int n)
{
    char a[NUMFMT_MAX], b[32];
    snprintf(b, sizeof b, "%d", n);
    return err(ev, at->at, "index %s is out of range 1..%s", numfmt(a, idx), b);
}

/* v[i] (1-based, as families are numbered) or v[vector of indices]. */
static int eval_index(eval_ctx *ev, const ast_expr *e, value *out)
{
    value obj, idx;
    if (eval_expr(ev, e->u.index.obj, &obj) != 0)
        return -1;
    if (eval_expr(ev, e->u.index.index, &idx) != 0) {
        value_release(obj);
        return -1;
    }
    int n = obj.kind == V_VEC ? obj.u.obj->u.vec.n : obj.kind == V_LIST ? obj.u.obj->u.list.n : -1;
    const double *ix = idx.kind == V_VEC ? idx.u.obj->u.vec.x : value_is_number(idx) ? &idx.u.num : NULL;
    int count = idx.kind == V_VEC ? idx.u.obj->u.vec.n : 1;
    int rc = 0;
    if (n < 0)
        rc = err(ev, e->at, "%s cannot be indexed%s", value_kind_name(obj.kind), "");
    else if (!ix)
        rc = err(ev, e->u.index.index->at, "an index must be a number or a vector, not %s%s",
                 value_kind_name(idx.kind), "");
    for (int i = 0; rc == 0 && i < count; i++)
        if (ix[i] != floor(ix[i]) || ix[i] < 1 || ix[i] > n)
            rc = index_error(ev, e->u.index.index, ix[i], n);
    if (rc == 0 && idx.kind != V_VEC) {
        int k = (int)ix[0] - 1;
        *out = obj.kind == V_VEC ? value_num(obj.u.obj->u.vec.x[k]) : value_retain(obj.u.obj->u.list.items[k]);
    } else if (rc == 0) {
        *out = obj.kind == V_VEC ? value_vec(count) : value_list(count);
        for (int i = 0; i < count; i++) {
            int k = (int)ix[i] - 1;
            if (obj.kind == V_VEC)
                out->u.obj->u.vec.x[i] = obj.u.obj->u.vec.x[k];
            else
                out->u.obj->u.list.items[i] = value_retain(obj.u.obj->u.list.items[k]);
        }
    }
    value_release(obj);
    value_release(idx);
    return rc;
}

int eval_expr(eval_ctx *ev, const ast_expr *e, value *out)
{
    switch (e->kind) {
    case E_ERROR: return -1;
    case E_NUM: *out = value_num(e->u.num); return 0;
    case E_BOOL: *out = value_bool(e->u.boolean); return 0;
    case E_STR: return eval_string(ev, e, out);
    case E_NAME: return lookup(ev, e, out);
    case E_LIST: return eval_list(ev, e, out);
    case E_MATRIX: return eval_matrix(ev, e, out);
    case E_RANGE: return eval_range(ev, e, out);
    case E_UNARY: return eval_unary(ev, e, out);
    case E_BINARY: return eval_binary(ev, e, out);
    case E_IF: {
        value c;
        if (eval_expr(ev, e->u.cond.cond, &c) != 0)
            return -1;
        int truth = value_truthy(c);
        value_release(c);
        return eval_expr(ev, truth ? e->u.cond.then : e->u.cond.els, out);
    }
    case E_CALL: return eval_call(ev, e, out);
    case E_MEMBER: return eval_member(ev, e, out);
    case E_INDEX: return eval_index(ev, e, out);
    case E_RUN:
        return run_eval(ev, e, out);
    case E_SWEEP:
        if (ev->sweep)
            return ev->sweep(ev, e, out);
        return err(ev, e->at, "'sweep' runs statements and cannot stand here%s%s", "", "");
    case E_FIT:
        return fit_model(ev, e, out);
    case E_INFER:
        return infer_eval(ev, e, out);
    case E_VERB:
        return verbs_eval(ev, e, out);
    }
    return -1;
}

int eval_number(eval_ctx *ev, const ast_expr *e, const char *what, double *out)
{
    value v;
    if (eval_expr(ev, e, &v) != 0)
        return -1;
    if (!value_is_number(v)) {
        err(ev, e->at, "%s must be a number, not %s", what, value_kind_name(v.kind));
        value_release(v);
        return -1;
    }
    *out = v.u.num;
    return 0;
}

int eval_interval(eval_ctx *ev, const ast_expr *e, const char *what, double *lo, double *hi)
{
    value v;
    if (eval_expr(ev, e, &v) != 0)
        return -1;
    const double *x = v.kind == V_VEC && v.u.obj->u.vec.n == 2 ? v.u.obj->u.vec.x : NULL;
    int ok = x && isfinite(x[0]) && isfinite(x[1]) && x[0] < x[1];
    if (ok) {
        *lo = x[0];
        *hi = x[1];
    } else {
        diag_error(ev->d, e->at, "%s needs a range [lo, hi] with lo < hi", what);
    }
    value_release(v);
    return ok ? 0 : -1;
}

int eval_spend(eval_ctx *ev, loc at, double work)
{
    if (!ev->budget)
        return 0;
    long left = __atomic_load_n(ev->budget, __ATOMIC_RELAXED);
    if (!(work <= (double)left)) {
        diag_error(ev->d, at, "this needs %.3g units of work; the budget has %ld left", work, left);
        return -1;
    }
    __atomic_sub_fetch(ev->budget, (long)work, __ATOMIC_RELAXED);
    return 0;
}

/* ---- calls ---- */

static int call_def(eval_ctx *ev, const ast_expr *e, const ast_stmt *def, value *args, int nargs,
                    value *out)
{
    int nparams = def->u.def.params.n;
    if (nargs < nparams) {      /* partial application: a function of the rest */
        *out = value_func(def, NULL, args, nargs);
        return 0;
    }
    if (nargs > nparams) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", nparams);
        snprintf(b, sizeof b, "%d", nargs);
        diag_error(ev->d, e->at, "'%s' takes %s arguments, not %s", def->name, a, b);
        return -1;
    }
    if (ev->depth >= EVAL_MAX_DEPTH) {
        diag_error(ev->d, e->at, "calls nest more than %d deep; is '%s' recursive?",
                   EVAL_MAX_DEPTH, def->name);
        return -1;
    }
    scope frame = {ev->locals, NULL, 0, 0, 1};
    for (int i = 0; i < nparams; i++) {
        const ast_setting *p = def->u.def.params.items[i];
        scope_bind(&frame, p->key, value_retain(args[i]));
    }
    scope *saved = ev->locals;
    ev->locals = &frame;
    ev->depth++;
    int rc = eval_expr(ev, def->value, out);
    ev->depth--;
    ev->locals = saved;
    scope_clear(&frame);
    return rc;
}

static int math1(eval_ctx *ev, const ast_expr *e, const builtin *b, value a, value *out)
{
    if (value_is_number(a)) {
        *out = value_num(b->fn1(a.u.num));
        return 0;
    }
    if (a.kind == V_VEC) {
        int n = a.u.obj->u.vec.n;
        *out = value_vec(n);
        for (int i = 0; i < n; i++)
            out->u.obj->u.vec.x[i] = b->fn1(a.u.obj->u.vec.x[i]);
        return 0;
    }
    return err(ev, e->at, "'%s' takes a number or a vector, not %s", b->name, value_kind_name(a.kind));
}

static int minmax(eval_ctx *ev, const ast_expr *e, const builtin *b, value *args, int n, value *out)
{
    const double *x = NULL;
    int count = n;
    double tmp[64];
    if (n == 1 && args[0].kind == V_VEC) {
        x = args[0].u.obj->u.vec.x;
        count = args[0].u.obj->u.vec.n;
    } else {
        if (n > 64)
            return err(ev, e->at, "'%s' takes at most 64 arguments; pass a vector%s", b->name, "");
        for (int i = 0; i < n; i++) {
            if (!value_is_number(args[i]))
                return err(ev, e->at, "'%s' takes numbers or one vector, not %s", b->name,
                           value_kind_name(args[i].kind));
            tmp[i] = args[i].u.num;
        }
        x = tmp;
    }
    if (count == 0)
        return err(ev, e->at, "'%s' of an empty vector%s", b->name, "");
    *out = value_num(stats_extreme(x, count, b->id == MINMAX_MAX));
    return 0;
}

/* median(v) and quantile(v, q): Q of V's values, NaN skipped (stats.h). */
static int quantile(eval_ctx *ev, const ast_expr *e, const builtin *b, value a, double q, value *out)
{
    int n = a.u.obj->u.vec.n, count;
    if (n == 0)
        return err(ev, e->at, "'%s' of an empty vector%s", b->name, "");
    if (!(q >= 0 && q <= 1)) {
        char buf[NUMFMT_MAX];
        const ast_setting *arg = e->u.call.args.n == 2 ? e->u.call.args.items[1] : NULL;
        diag_error(ev->d, arg ? arg->value->at : e->at, "'quantile(v, q)' needs q from 0 to 1; this "
                   "one is %s", numfmt(buf, q));
        diag_hint(ev->d, "the median is quantile(v, 0.5); the quartiles 0.25 and 0.75");
        return -1;
    }
    double *sorted = stats_sorted(a.u.obj->u.vec.x, n, &count);
    *out = value_num(stats_quantile(sorted, count, q));
    free(sorted);
    return 0;
}

/* count(v): the values of a vector that are not NaN, or a list's items. */
static int count_fn(eval_ctx *ev, const ast_expr *e, value a, value *out)
{
    if (a.kind == V_LIST) {
        *out = value_num(a.u.obj->u.list.n);
        return 0;
    }
    if (a.kind != V_VEC)
        return err(ev, e->at, "'count' takes a vector or a list, not %s%s", value_kind_name(a.kind), "");
    *out = value_num(stats_count(a.u.obj->u.vec.x, a.u.obj->u.vec.n));
    return 0;
}

/* The position (from 1) of the first element equal to X. */
static int find(eval_ctx *ev, const ast_expr *e, value v, value x, value *out)
{
    if (!value_is_number(x))
        return err(ev, e->at, "'find(v, x)' looks for a number, not %s%s", value_kind_name(x.kind), "");
    for (int i = 0; i < v.u.obj->u.vec.n; i++)
        if (v.u.obj->u.vec.x[i] == x.u.num) {
            *out = value_num(i + 1);
            return 0;
        }
    char buf[NUMFMT_MAX];
    return err(ev, e->at, "'find': %s is not in the vector%s", numfmt(buf, x.u.num), "");
}

static int vector_fn(eval_ctx *ev, const ast_expr *e, const builtin *b, value *args, value *out)
{
    if (b->id == VEC_LINSPACE || b->id == VEC_LOGSPACE) {
        for (int i = 0; i < 3; i++)
            if (!value_is_number(args[i]))
                return err(ev, e->at, "'%s(start, stop, count)' takes numbers%s", b->name, "");
        double lo = args[0].u.num, hi = args[1].u.num, count = args[2].u.num;
        if (count != floor(count) || count < 1 || count > EVAL_MAX_ELEMENTS) {
            const ast_setting *arg = e->u.call.args.n == 3 ? e->u.call.args.items[2] : NULL;
            char buf[NUMFMT_MAX];
            diag_error(ev->d, arg ? arg->value->at : e->at, "'%s' needs a whole count from 1 to %d; "
                       "this one is %s", b->name, EVAL_MAX_ELEMENTS, numfmt(buf, count));
            return -1;
        }
        int n = (int)count;
        *out = value_vec(n);
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
            out->u.obj->u.vec.x[i] = b->id == VEC_LOGSPACE ? pow(10, x) : x;
        }
        return 0;
    }
    value a = args[0];
    if (b->id == VEC_COUNT)
        return count_fn(ev, e, a, out);
    if (b->id == VEC_LEN && (a.kind == V_LIST || a.kind == V_STR)) {
        *out = value_num(a.kind == V_LIST ? a.u.obj->u.list.n : (double)a.u.obj->u.str.len);
        return 0;
    }
    if (a.kind != V_VEC)
        return err(ev, e->at, "'%s' takes a vector, not %s", b->name, value_kind_name(a.kind));
    int n = a.u.obj->u.vec.n;
    const double *x = a.u.obj->u.vec.x;
    switch (b->id) {
    case VEC_MEDIAN: return quantile(ev, e, b, a, 0.5, out);
    case VEC_QUANTILE:
        if (!value_is_number(args[1]))
            return err(ev, e->at, "'quantile(v, q)' needs a number q, not %s%s",
                       value_kind_name(args[1].kind), "");
        return quantile(ev, e, b, a, args[1].u.num, out);
    case VEC_FIND: return find(ev, e, a, args[1], out);
    case VEC_SUM: *out = value_num(stats_sum(x, n)); return 0;
    case VEC_MEAN: *out = value_num(stats_mean(x, n)); return 0;
    case VEC_STDERR: *out = value_num(stats_stderr(x, n)); return 0;
    default: *out = value_num(n); return 0;     /* len */
    }
}

static int call_builtin(eval_ctx *ev, const ast_expr *e, const builtin *b, value *args, int n,
                        value *out)
{
    if (n < b->min_args || (b->max_args >= 0 && n > b->max_args)) {
        char want[64];
        if (b->min_args == b->max_args)
            snprintf(want, sizeof want, "%d argument%s", b->min_args, b->min_args == 1 ? "" : "s");
        else
            snprintf(want, sizeof want, "at least %d argument%s", b->min_args,
                     b->min_args == 1 ? "" : "s");
        return err(ev, e->at, "'%s' takes %s", b->name, want);
    }
    switch (b->kind) {
    case BI_MATH1: return math1(ev, e, b, args[0], out);
    case BI_MINMAX: return minmax(ev, e, b, args, n, out);
    case BI_VECTOR: return vector_fn(ev, e, b, args, out);
    case BI_STATE:
        return err(ev, e->at, "'%s(...)' reads a model's state: use it in a skill's frequency or gate%s",
                   b->name, "");
    case BI_DISTRIBUTION:
        return err(ev, e->at, "'%s' gives a family's frequencies: use it as a skill's 'freq'%s",
                   b->name, "");
    case BI_OPTIMIZER:
        return err(ev, e->at, "'%s(...)' builds an optimizer: use it in an 'optimizer' declaration or "
                   "a geometry model's 'optimizer' key%s", b->name, "");
    case BI_MODEL_FN:
        if (b->id == MODEL_FN_FROM_CORRELATION)
            return err(ev, e->at, "'%s(C)' is a geometry model's 'vectors' setting%s", b->name, "");
        return err(ev, e->at, "'%s(G)' is a resource model's 'correlation' setting%s", b->name, "");
    case BI_CLOCK: {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        *out = value_num((double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec);
        return 0;
    }
    case BI_LOAD: return load_call(ev, e, args[0], out);
    default:
        return query_call(ev, e, b, args, n, out);
    }
}

static int apply_function(eval_ctx *ev, const ast_expr *e, value fn, value *args, int nargs,
                          value *out)
{
    const vobj *o = fn.u.obj;
    int total = o->u.fn.nbound + nargs;
    value *all = calloc((size_t)total + 1, sizeof *all);
    for (int i = 0; i < o->u.fn.nbound; i++)
        all[i] = o->u.fn.bound[i];
    for (int i = 0; i < nargs; i++)
        all[o->u.fn.nbound + i] = args[i];
    int rc = o->u.fn.def ? call_def(ev, e, o->u.fn.def, all, total, out)
                         : call_builtin(ev, e, builtin_find(o->u.fn.builtin), all, total, out);
    free(all);
    return rc;
}

static int eval_call(eval_ctx *ev, const ast_expr *e, value *out)
{
    const ast_expr *fe = e->u.call.fn;
    if (fe->kind == E_NAME && !scope_find(ev->locals, fe->u.name)) {
        const builtin *b = builtin_find(fe->u.name);
        if (b && b->kind == BI_OPTIMIZER && ir_find_def(ev->ir, fe->u.name) == NULL) {
            int k = ir_find_inline_opt(ev->ir, e);
            if (k >= 0) {
                *out = (value){V_OPT, {.index = k}};
                return 0;
            }
        }
    }
    const ast_vec *argv = &e->u.call.args;
    for (int i = 0; i < argv->n; i++) {
        const ast_setting *a = argv->items[i];
        if (a->key)
            return err(ev, a->key_loc, "named argument '%s' is only accepted by optimizers%s", a->key, "");
    }
    value fn;
    if (eval_expr(ev, fe, &fn) != 0)
        return -1;
    if (fn.kind != V_FUNC) {
        value_release(fn);
        return err(ev, fe->at, "%s cannot be called%s", value_kind_name(fn.kind), "");
    }
    value *args = calloc((size_t)argv->n + 1, sizeof *args);
    int rc = 0, got = 0;
    for (; got < argv->n && rc == 0; got++)
        rc = eval_expr(ev, ((ast_setting *)argv->items[got])->value, &args[got]);
    if (rc != 0)
        got--;
    if (rc == 0)
        rc = apply_function(ev, e, fn, args, argv->n, out);
    for (int i = 0; i < got; i++)
        value_release(args[i]);
    free(args);
    value_release(fn);
    return rc;
}
