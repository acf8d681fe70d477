#include "expr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "ir.h"

/* Inside an inlined `def`, its parameters stand for the caller's argument
 * expressions (compiled in the caller's frame) or, for a gate's argument,
 * for the unskill of a prerequisite. */
typedef struct frame {
    const struct frame *outer;  /* only for the depth count */
    const ast_vec *params;      /* ast_setting*: the def's parameter names */
    const ast_expr **args;
    const struct frame **arg_frames;
    int uskill;                 /* >= 0: the last parameter is u(uskill) */
    int depth;
} frame;

enum { MAX_INLINE_DEPTH = 64 };

typedef struct compiler {
    const expr_scope *sc;
    x_instr *code;
    int n, cap;
    int sp, max_sp;
    int flags;
    int failed;
} compiler;

static void fail(compiler *c, loc at, const char *fmt, const char *a, const char *b)
{
    if (!c->failed)
        diag_error(c->sc->d, at, fmt, a, b);
    c->failed = 1;
}

static void emit(compiler *c, x_instr in, int stack_effect)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->code = realloc(c->code, (size_t)c->cap * sizeof *c->code);
        if (!c->code) {
            fputs("skill: out of memory\n", stderr);
            abort();
        }
    }
    c->code[c->n++] = in;
    c->sp += stack_effect;
    if (c->sp > c->max_sp)
        c->max_sp = c->sp;
}

static void emit_const(compiler *c, double k)
{
    x_instr in = {X_CONST, 0, 0, 0, {.k = k}};
    emit(c, in, 1);
}

static double apply(x_op op, double a, double b)
{
    switch (op) {
    case X_ADD: return a + b;
    case X_SUB: return a - b;
    case X_MUL: return a * b;
    case X_DIV: return a / b;
    case X_MOD: return fmod(a, b);
    case X_POW: return pow(a, b);
    case X_EQ: return a == b;
    case X_NE: return a != b;
    case X_LT: return a < b;
    case X_LE: return a <= b;
    case X_GT: return a > b;
    case X_GE: return a >= b;
    case X_AND: return a != 0 && b != 0;
    case X_OR: return a != 0 || b != 0;
    case X_MIN: return a < b || isnan(b) ? a : b;
    case X_MAX: return a > b || isnan(b) ? a : b;
    default: return NAN;
    }
}

static int last_is_const(const compiler *c, int k)
{
    if (c->n < k)
        return 0;
    for (int i = c->n - k; i < c->n; i++)
        if (c->code[i].op != X_CONST)
            return 0;
    return 1;
}

/* Emits a binary operation, folding two constants into one. */
static void emit_binary(compiler *c, x_op op)
{
    if (last_is_const(c, 2)) {
        double b = c->code[--c->n].u.k;
        double a = c->code[c->n - 1].u.k;
        c->sp--;
        c->code[c->n - 1].u.k = apply(op, a, b);
        return;
    }
    x_instr in = {op, 0, 0, 0, {0}};
    emit(c, in, -1);
}

static void emit_call1(compiler *c, double (*f)(double))
{
    if (last_is_const(c, 1)) {
        c->code[c->n - 1].u.k = f(c->code[c->n - 1].u.k);
        return;
    }
    x_instr in = {X_CALL1, 0, 0, 0, {.f1 = f}};
    emit(c, in, 0);
}

static void compile(compiler *c, const ast_expr *e, const frame *f);

/* Is NAME a parameter of the def being inlined? Sets its position. */
static int frame_arg(const frame *f, const char *name, int *slot)
{
    for (int i = 0; i < f->params->n; i++) {
        const ast_setting *p = f->params->items[i];
        if (strcmp(p->key, name) == 0) {
            *slot = i;
            return 1;
        }
    }
    return 0;
}

void expr_reads_add(expr_reads *r, int skill)
{
    if (r->mark[skill] == r->stamp)
        return;
    r->mark[skill] = r->stamp;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        r->list = realloc(r->list, (size_t)r->cap * sizeof *r->list);
        if (!r->list)
            abort();
    }
    r->list[r->n++] = skill;
}

static void emit_state(compiler *c, x_op op, int skill)
{
    x_instr in = {op, skill, 0, 0, {0}};
    emit(c, in, 1);
    c->flags |= X_READS_STATE;
    if (c->sc->reads)
        expr_reads_add(c->sc->reads, skill);
}

static int compile_frame_name(compiler *c, const ast_expr *e, const frame *f)
{
    int slot;
    if (!f || !frame_arg(f, e->u.name, &slot))
        return 0;
    if (f->uskill >= 0 && slot == f->params->n - 1)
        emit_state(c, X_U, f->uskill);
    else
        compile(c, f->args[slot], f->arg_frames[slot]);
    return 1;
}

static void compile_name(compiler *c, const ast_expr *e, const frame *f)
{
    const char *name = e->u.name;
    if (compile_frame_name(c, e, f))
        return;
    if (strcmp(name, "t") == 0 && c->sc->allow_t) {
        x_instr in = {X_T, 0, 0, 0, {0}};
        emit(c, in, 1);
        c->flags |= X_READS_T;
        return;
    }
    if (strcmp(name, "i") == 0 && c->sc->family_n > 0) {
        emit_const(c, c->sc->family_first + c->sc->family_i - 1);
        return;
    }
    xname xn = c->sc->lookup(c->sc->ctx, name);
    switch (xn.kind) {
    case XN_NUMBER:
        emit_const(c, xn.value);
        return;
    case XN_PARAM: {
        x_instr in = {X_PARAM, xn.index, 0, 0, {0}};
        emit(c, in, 1);
        c->flags |= X_READS_PARAMS;
        return;
    }
    case XN_SKILL:
        fail(c, e->at, "'%s' is a skill, not a number%s", name,
             c->sc->allow_state ? "; write u(X), s(X) or p(X) for its state" : "");
        return;
    case XN_DEF:
        fail(c, e->at, "'%s' is a function; call it with arguments%s", name, "");
        return;
    case XN_OTHER:
        fail(c, e->at, "'%s' is %s, not a number", name, xn.what);
        return;
    case XN_UNKNOWN: break;
    }
    const builtin *b = builtin_find(name);
    if (b && b->kind == BI_CONST) {
        emit_const(c, b->value);
        return;
    }
    if (strcmp(name, "t") == 0 || strcmp(name, "i") == 0) {
        fail(c, e->at, strcmp(name, "t") == 0 ? "the time '%s' cannot be used in a %s"
                                             : "'%s' is only defined in a skill family's %s",
             name, c->sc->what);
        return;
    }
    fail(c, e->at, b ? "'%s' is a built-in function; call it with arguments%s"
                     : "undefined name '%s'%s", name, "");
}

static x_op binary_op(ast_op op)
{
    static const x_op map[] = {
        [OP_ADD] = X_ADD, [OP_SUB] = X_SUB, [OP_MUL] = X_MUL, [OP_DIV] = X_DIV,
        [OP_MOD] = X_MOD, [OP_POW] = X_POW, [OP_EQ] = X_EQ, [OP_NE] = X_NE,
        [OP_LT] = X_LT, [OP_LE] = X_LE, [OP_GT] = X_GT, [OP_GE] = X_GE,
        [OP_AND] = X_AND, [OP_OR] = X_OR,
    };
    return map[op];
}

static double neg(double x) { return -x; }
static double lnot(double x) { return x == 0; }

/* u(X), s(X), p(X): X must name a skill. */
static void compile_state(compiler *c, const ast_expr *e, const builtin *b, const ast_expr *arg)
{
    if (!c->sc->allow_state) {
        fail(c, e->at, "'%s(...)' reads a model's state and cannot be used in a %s",
             b->name, c->sc->what);
        return;
    }
    xname xn = {XN_UNKNOWN, 0, 0, NULL, NULL};
    if (arg->kind == E_NAME)
        xn = c->sc->lookup(c->sc->ctx, arg->u.name);
    if (xn.kind != XN_SKILL) {
        fail(c, arg->at, "'%s(...)' needs a skill's name%s", b->name, "");
        return;
    }
    x_op op = b->id == STATE_U ? X_U : b->id == STATE_S ? X_S : X_P;
    emit_state(c, op, xn.index);
}

static void compile_def_call(compiler *c, const ast_expr *e, const ast_stmt *def, const frame *f)
{
    const ast_vec *args = &e->u.call.args;
    const ast_vec *params = &def->u.def.params;
    if (args->n != params->n) {
        char want[64];
        snprintf(want, sizeof want, "%d", params->n);
        fail(c, e->at, "'%s' takes %s arguments", def->name, want);
        return;
    }
    int depth = f ? f->depth + 1 : 1;
    if (depth > MAX_INLINE_DEPTH) {
        fail(c, e->at, "calls to '%s' nest too deeply%s", def->name, "");
        return;
    }
    const ast_expr *argv[64];
    const frame *framev[64];
    if (args->n > 64) {
        fail(c, e->at, "'%s' has too many parameters%s", def->name, "");
        return;
    }
    for (int i = 0; i < args->n; i++) {
        const ast_setting *a = args->items[i];
        argv[i] = a->value;
        framev[i] = f;
    }
    frame inner = {f, params, argv, framev, -1, depth};
    compile(c, def->value, &inner);
}

static void compile_call(compiler *c, const ast_expr *e, const frame *f)
{
    const ast_expr *fn = e->u.call.fn;
    const ast_vec *args = &e->u.call.args;
    if (fn->kind != E_NAME) {
        fail(c, e->at, "only named functions can be called in a %s%s", c->sc->what, "");
        return;
    }
    for (int i = 0; i < args->n; i++) {
        const ast_setting *a = args->items[i];
        if (a->key) {
            fail(c, a->key_loc, "named argument '%s' is not accepted here%s", a->key, "");
            return;
        }
    }
    xname xn = c->sc->lookup(c->sc->ctx, fn->u.name);
    if (xn.kind == XN_DEF) {
        compile_def_call(c, e, xn.def, f);
        return;
    }
    const builtin *b = xn.kind == XN_UNKNOWN ? builtin_find(fn->u.name) : NULL;
    if (!b) {
        fail(c, fn->at, xn.kind == XN_UNKNOWN ? "undefined function '%s'%s" : "'%s' is not a function%s",
             fn->u.name, "");
        return;
    }
    if (args->n < b->min_args || (b->max_args >= 0 && args->n > b->max_args)) {
        char want[64];
        if (b->min_args == b->max_args)
            snprintf(want, sizeof want, "%d argument%s", b->min_args, b->min_args == 1 ? "" : "s");
        else
            snprintf(want, sizeof want, "at least %d arguments", b->min_args);
        fail(c, e->at, "'%s' takes %s", b->name, want);
        return;
    }
    const ast_expr *a0 = args->n ? ((ast_setting *)args->items[0])->value : NULL;
    switch (b->kind) {
    case BI_MATH1:
        compile(c, a0, f);
        emit_call1(c, b->fn1);
        return;
    case BI_MINMAX:
        compile(c, a0, f);
        for (int i = 1; i < args->n; i++) {
            compile(c, ((ast_setting *)args->items[i])->value, f);
            emit_binary(c, b->id == MINMAX_MIN ? X_MIN : X_MAX);
        }
        return;
    case BI_STATE:
        compile_state(c, e, b, a0);
        return;
    case BI_DISTRIBUTION: {
        int n = c->sc->family_n > 0 ? c->sc->family_n : 1;
        int i = c->sc->family_n > 0 ? c->sc->family_i : 1;
        if (a0)
            compile(c, a0, f);
        else
            emit_const(c, 0);
        if (last_is_const(c, 1)) {
            c->code[c->n - 1].u.k = builtin_distribution(c->sc->cache, b->id, c->code[c->n - 1].u.k, i, n);
            return;
        }
        x_instr in = {X_DIST, b->id, i, n, {0}};
        emit(c, in, 0);
        return;
    }
    default:
        fail(c, e->at, "'%s' cannot be used in a %s", b->name, c->sc->what);
        return;
    }
}

static void compile(compiler *c, const ast_expr *e, const frame *f)
{
    if (c->failed)
        return;
    if (c->n > EXPR_MAX_CODE) {
        fail(c, e->at, "this %s expands to too large a program%s", c->sc->what, "");
        return;
    }
    switch (e->kind) {
    case E_ERROR:
        c->failed = 1;
        return;
    case E_NUM:
        emit_const(c, e->u.num);
        return;
    case E_BOOL:
        emit_const(c, e->u.boolean);
        return;
    case E_NAME:
        compile_name(c, e, f);
        return;
    case E_UNARY:
        compile(c, e->u.op.a, f);
        emit_call1(c, e->u.op.op == OP_NEG ? neg : lnot);
        if (c->n && c->code[c->n - 1].op == X_CALL1)
            c->code[c->n - 1].op = e->u.op.op == OP_NEG ? X_NEG : X_NOT;
        return;
    case E_BINARY:
        compile(c, e->u.op.a, f);
        compile(c, e->u.op.b, f);
        emit_binary(c, binary_op(e->u.op.op));
        return;
    case E_IF: {
        compile(c, e->u.cond.cond, f);
        compile(c, e->u.cond.then, f);
        compile(c, e->u.cond.els, f);
        if (last_is_const(c, 3)) {
            double b = c->code[--c->n].u.k, a = c->code[--c->n].u.k;
            c->code[c->n - 1].u.k = c->code[c->n - 1].u.k != 0 ? a : b;
            c->sp -= 2;
            return;
        }
        x_instr in = {X_SELECT, 0, 0, 0, {0}};
        emit(c, in, -2);
        return;
    }
    case E_CALL:
        compile_call(c, e, f);
        return;
    case E_STR:
        fail(c, e->at, "a string cannot be a %s%s", c->sc->what, "");
        return;
    case E_LIST: case E_MATRIX: case E_RANGE:
        fail(c, e->at, "a %s must be a number, not a list%s", c->sc->what, "");
        return;
    default:
        fail(c, e->at, "this expression cannot be used in a %s%s", c->sc->what, "");
        return;
    }
}

static expr_prog *finish(compiler *c)
{
    if (c->failed || c->max_sp > EXPR_MAX_STACK) {
        if (!c->failed)
            diag_error(c->sc->d, (loc){0, 0, 0}, "a %s is too deeply nested to evaluate", c->sc->what);
        free(c->code);
        return NULL;
    }
    expr_prog *p = arena_alloc(c->sc->a, sizeof *p);
    p->code = arena_alloc(c->sc->a, (size_t)c->n * sizeof *p->code);
    memcpy(p->code, c->code, (size_t)c->n * sizeof *p->code);
    p->n = c->n;
    p->flags = c->flags;
    free(c->code);
    return p;
}

expr_prog *expr_compile(const expr_scope *sc, const ast_expr *e)
{
    compiler c = {sc, NULL, 0, 0, 0, 0, 0, 0};
    compile(&c, e, NULL);
    return finish(&c);
}

/* g(u_j) for the model's gate function applied to prerequisite J. */
static void compile_gate(compiler *c, const ast_expr *gate, int j)
{
    const ast_expr *fn = gate->kind == E_CALL ? gate->u.call.fn : gate;
    const ast_vec *given = gate->kind == E_CALL ? &gate->u.call.args : NULL;
    int ngiven = given ? given->n : 0;
    xname xn = fn->kind == E_NAME ? c->sc->lookup(c->sc->ctx, fn->u.name)
                                  : (xname){XN_UNKNOWN, 0, 0, NULL, NULL};
    if (xn.kind != XN_DEF || xn.def->u.def.params.n != ngiven + 1) {
        fail(c, gate->at, "a gate must be a function of one argument, like sharp(0.001) or a "
                          "'def' of one parameter%s%s", "", "");
        return;
    }
    const ast_expr *argv[64];
    const frame *framev[64];
    if (ngiven + 1 > 64) {
        fail(c, gate->at, "the gate has too many parameters%s%s", "", "");
        return;
    }
    for (int i = 0; i < ngiven; i++) {
        const ast_setting *a = given->items[i];
        argv[i] = a->value;
        framev[i] = NULL;
    }
    argv[ngiven] = NULL;
    framev[ngiven] = NULL;
    frame inner = {NULL, &xn.def->u.def.params, argv, framev, j, 1};
    compile(c, xn.def->value, &inner);
}

static void compile_dep(compiler *c, const ir_dep *d, const ast_expr *gate)
{
    switch (d->kind) {
    case DEP_SKILL:
        compile_gate(c, gate, d->skill);
        return;
    case DEP_NOT:
        emit_const(c, 1);
        compile_dep(c, d->a, gate);
        emit_binary(c, X_SUB);
        return;
    case DEP_AND:
    case DEP_OR:
        compile_dep(c, d->a, gate);
        compile_dep(c, d->b, gate);
        emit_binary(c, d->kind == DEP_AND ? X_MUL : X_MAX);
        return;
    }
}

expr_prog *expr_compile_needs(const expr_scope *sc, const ir_dep *needs, const ast_expr *gate)
{
    compiler c = {sc, NULL, 0, 0, 0, 0, 0, 0};
    compile_dep(&c, needs, gate);
    return finish(&c);
}

double expr_eval(const expr_prog *p, const expr_env *env)
{
    double st[EXPR_MAX_STACK];
    int sp = 0;
    for (const x_instr *in = p->code, *end = in + p->n; in < end; in++) {
        switch (in->op) {
        case X_CONST: st[sp++] = in->u.k; break;
        case X_PARAM: st[sp++] = env->params[in->arg]; break;
        case X_T: st[sp++] = env->t; break;
        case X_U: st[sp++] = env->u[in->arg]; break;
        case X_S: st[sp++] = env->s[in->arg]; break;
        case X_P: st[sp++] = env->p[in->arg]; break;
        case X_NEG: st[sp - 1] = -st[sp - 1]; break;
        case X_NOT: st[sp - 1] = st[sp - 1] == 0; break;
        case X_CALL1: st[sp - 1] = in->u.f1(st[sp - 1]); break;
        case X_CALL2: sp--; st[sp - 1] = in->u.f2(st[sp - 1], st[sp]); break;
        case X_DIST: st[sp - 1] = builtin_distribution(env->cache, in->arg, st[sp - 1], in->arg2, in->arg3); break;
        case X_SELECT:
            sp -= 2;
            st[sp - 1] = st[sp - 1] != 0 ? st[sp] : st[sp + 1];
            break;
        default:
            sp--;
            st[sp - 1] = apply(in->op, st[sp - 1], st[sp]);
            break;
        }
    }
    return sp ? st[0] : NAN;
}

int expr_is_constant(const expr_prog *p)
{
    return (p->flags & (X_READS_T | X_READS_STATE)) == 0;
}
