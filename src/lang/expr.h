/* expr.h - numeric expressions compiled once to a flat stack program and
 * evaluated without allocation: frequencies, dependency factors B_i, gates
 * and learning-rate schedules sit in ODE right-hand sides and per-step loops.
 *
 * A program reads: constants (parameters already folded in, or read from a
 * parameter array), the time t, and the current state of skills through
 * u(X), s(X) and p(X).  Branches of `if` are both evaluated and selected,
 * which is safe because nothing in a program has side effects. */
#ifndef SKILL_EXPR_H
#define SKILL_EXPR_H

#include "arena.h"
#include "ast.h"
#include "builtins.h"
#include "diag.h"

enum { EXPR_MAX_STACK = 1100, EXPR_MAX_CODE = 1 << 20 };

typedef enum {
    X_CONST, X_PARAM, X_T, X_U, X_S, X_P,
    X_NEG, X_NOT, X_CALL1, X_CALL2, X_DIST,
    X_ADD, X_SUB, X_MUL, X_DIV, X_MOD, X_POW,
    X_EQ, X_NE, X_LT, X_LE, X_GT, X_GE, X_AND, X_OR,
    X_MIN, X_MAX, X_SELECT
} x_op;

typedef struct x_instr {
    x_op op;
    int arg;                    /* PARAM slot; U/S/P skill; DIST kind */
    int arg2, arg3;             /* DIST: member i, family size n */
    union {
        double k;
        double (*f1)(double);
        double (*f2)(double, double);
    } u;
} x_instr;

enum { X_READS_T = 1, X_READS_STATE = 2, X_READS_PARAMS = 4 };

typedef struct expr_prog {
    x_instr *code;
    int n;
    int flags;                  /* X_READS_*: constant programs need no re-evaluation */
} expr_prog;

typedef struct expr_env {
    const double *params;
    double t;
    const double *u, *s, *p;    /* indexed by the program's skill indices */
    dist_cache *cache;          /* may be NULL; see builtins.h */
} expr_env;

/* How the compiler sees a name. */
typedef enum { XN_UNKNOWN, XN_NUMBER, XN_PARAM, XN_SKILL, XN_DEF, XN_OTHER } xname_kind;

typedef struct xname {
    xname_kind kind;
    double value;               /* NUMBER */
    int index;                  /* PARAM slot, SKILL index */
    const ast_stmt *def;        /* DEF */
    const char *what;           /* OTHER: "a model", "a string", ... */
} xname;

/* The skills a program reads through u/s/p: a list without repeats, kept
 * with a per-skill stamp so that collecting costs nothing per skill. */
typedef struct expr_reads {
    int *mark;                  /* per skill: the stamp of the latest list holding it */
    int stamp;
    int *list;
    int n, cap;
} expr_reads;

void expr_reads_add(expr_reads *r, int skill);

typedef struct expr_scope {
    xname (*lookup)(void *ctx, const char *name);
    void *ctx;
    int allow_t, allow_state;
    int family_i, family_n;     /* position in the family (the distributions); n = 0 outside one */
    int family_first;           /* `i` is family_first + family_i - 1: the member's number */
    const char *what;           /* "frequency", "gate", ... for messages */
    diag *d;
    arena *a;
    expr_reads *reads;          /* if non-NULL: skills read via u/s/p are listed */
    dist_cache *cache;          /* may be NULL */
} expr_scope;

/* NULL after reporting an error. */
expr_prog *expr_compile(const expr_scope *sc, const ast_expr *e);
/* B for a `needs` formula under gate function GATE (an expression naming a
 * function of one argument, e.g. `sharp(gamma)`, or NULL for sharp(0.01)). */
struct ir_dep;
expr_prog *expr_compile_needs(const expr_scope *sc, const struct ir_dep *needs,
                              const ast_expr *gate);

double expr_eval(const expr_prog *p, const expr_env *env);
/* The value of a program that reads nothing but parameters. */
int expr_is_constant(const expr_prog *p);

#endif
