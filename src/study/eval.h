/* eval.h - evaluating expressions to values: parameters, `let`, `print`,
 * model settings, and everything else that is not a compiled hot path.
 * Names resolve innermost first: local scopes (let, sweep variables, def
 * parameters), then the program's parameters, skills, models, optimizers,
 * defs, and the built-ins. */
#ifndef SKILL_EVAL_H
#define SKILL_EVAL_H

#include "cancel.h"
#include "diag.h"
#include "ir.h"
#include "outfile.h"
#include "value.h"

typedef struct scope_var {
    const char *name;
    value v;
} scope_var;

typedef struct scope {
    struct scope *up;
    scope_var *vars;
    int n, cap;
    int opaque;                 /* a def body: callers' locals are not visible */
} scope;

typedef struct eval_ctx eval_ctx;
struct eval_ctx {
    ir_program *ir;
    ir_param *params;           /* the parameters' values: ir->params, or a sweep worker's copy */
    scope *locals;
    diag *d;
    int depth;                  /* nested def calls, bounded */
    const char *outdir;         /* where relative output files go (run -o) */
    int quiet;                  /* no progress display */
    const struct progress_hook *progress;   /* progress goes here instead; may be NULL */
    int threads;                /* cores a run may use */
    /* Sweeps run statements, which is the interpreter's business: it
     * installs this hook (eval never calls upward otherwise). */
    int (*sweep)(struct eval_ctx *ev, const ast_expr *e, value *out);
    void *host;                 /* the interpreter, for the hook */
    void *rows;                 /* the table a `row` adds to, inside a sweep */
    long *steps_done;           /* inside a sweep: steps its runs finished (atomic), or NULL */
    const cancel_token *cancel; /* long work stops once it is set; may be NULL */
    const output_policy *output; /* how files are written (cancel, discard); may be NULL */
    long *budget;               /* work left (atomic), or NULL: no cap (interp_session_confine) */
    int no_files;               /* `load` reads no file (the fuzz harnesses' confinement) */
};

enum { EVAL_MAX_DEPTH = 200, EVAL_MAX_ELEMENTS = 100000000 };

/* 0 on success; -1 after reporting an error through ev->d. */
int eval_expr(eval_ctx *ev, const ast_expr *e, value *out);
/* A number, with "what" naming it in the error message otherwise. */
int eval_number(eval_ctx *ev, const ast_expr *e, const char *what, double *out);
/* A range [lo, hi] of two finite numbers with lo < hi. */
int eval_interval(eval_ctx *ev, const ast_expr *e, const char *what, double *lo, double *hi);

void scope_bind(scope *s, const char *name, value v);   /* takes ownership of v */
scope_var *scope_find(scope *s, const char *name);
void scope_clear(scope *s);

/* Takes WORK (a run's steps x skills x dim, or a sweep's points) from the
 * budget, if there is one: 0, or -1 after reporting that it is spent. */
int eval_spend(eval_ctx *ev, loc at, double work);

/* Evaluates parameter K (once) from its initialiser. */
int eval_param(eval_ctx *ev, int k);
/* Gives parameter K a value of its own (takes ownership of V); the other
 * parameters, which may be defined in terms of it, are derived again. */
int eval_set_param(eval_ctx *ev, int k, value v, int fixed);
/* 0 if every skill family still has the members the program was checked
 * with; otherwise reports, at AT where parameter NAME was set, that the
 * family's size cannot change there, and returns -1. */
int eval_check_family_sizes(eval_ctx *ev, loc at, const char *name);

#endif
