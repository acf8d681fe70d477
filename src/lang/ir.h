/* ir.h - the checked program: what the checker hands to the interpreter
 * and, through it, to the model backends.  Names are resolved to indices,
 * families are expanded, frequency and gate expressions are compiled, and
 * each model's settings are known to be valid keys with defaults filled in. */
#ifndef SKILL_IR_H
#define SKILL_IR_H

#include <pthread.h>

#include "arena.h"
#include "ast.h"
#include "expr.h"
#include "symtab.h"
#include "value.h"

typedef struct ir_param {
    const char *name;
    loc at;
    const ast_expr *init;
    value val;                  /* current value: default, -D, sweep or with */
    int state;                  /* 0 unevaluated, 1 being evaluated, 2 done */
    int fixed;                  /* set by -D, a sweep, `with` or assignment: not re-derived */
} ir_param;

typedef struct ir_dep {
    ast_dep_kind kind;
    int skill;                  /* DEP_SKILL */
    struct ir_dep *a, *b;
    loc at;
} ir_dep;

typedef struct ir_skill {
    const char *name;
    loc at;
    const ast_expr *freq_ast;
    expr_prog *freq;
    int family_i, family_n;     /* position i (1..n) in its family; 0 outside one */
    int family_first;           /* the family's first number: S[3..5] has 3 */
    ir_dep *needs;
    const ast_expr *gate_ast;
    expr_prog *gate;
    int *reads;                 /* skills the gate or frequency reads via u/s/p */
    int nreads;
} ir_skill;

typedef enum { LOSS_MSE, LOSS_CE } ir_loss;
typedef enum { COMPETE_ALL, COMPETE_GATED } ir_compete;
typedef enum { SOLVER_EULER, SOLVER_RK45, SOLVER_RK8PD, SOLVER_MSBDF } ir_solver;
typedef enum { NET_TASK_PARITY, NET_TASK_MULTITASK, NET_TASK_REGRESSION, NET_TASK_MODULAR } ir_net_task;
typedef enum { ACT_RELU, ACT_SILU, ACT_TANH, ACT_GELU } ir_activation;
typedef enum { PRECISION_DOUBLE, PRECISION_SINGLE } ir_precision;
typedef enum { NET_LEVEL_ACCURACY, NET_LEVEL_ABOVE_CHANCE } ir_net_level;
typedef enum { REWEIGHT_NONE, REWEIGHT_LOSS } ir_reweight;
typedef enum {
    VEC_ORTHOGONAL, VEC_RANDOM, VEC_GAUSS, VEC_ONEHOT, VEC_HADAMARD, VEC_MATRIX,
    VEC_CORRELATION             /* from_correlation(C): C in vector_matrix */
} ir_vectors;

/* A model's keys after defaults and validation, for one set of parameter
 * values (they are re-resolved when a sweep or `with` changes them).
 * src/lang/modelkeys.c describes each key's field. */
typedef struct ir_settings {
    double eta, dim, lr, N0, tol, capacity;
    int has_eta, has_dim, has_lr, has_capacity;
    const ast_expr *eta_expr, *N0_expr; /* resource: eta, N0 as written when they read t or
                                           the state (the numbers are then NAN); else NULL */
    ir_loss loss;
    ir_compete compete;
    ir_solver solver;
    value correlation;          /* V_NONE (identity), V_MATRIX, or V_MODEL for gram(G) */
    const ast_expr *gate;       /* the gate function as written; NULL: sharp(0.01) */
    ir_vectors vectors;
    value vector_matrix;        /* VEC_MATRIX: the vectors; VEC_CORRELATION: C */
    double batch, noise, seed;
    value optimizer;            /* V_OPT or V_FUNC? see interp; V_NONE if unset */
    int record_align;
    ir_reweight reweight;       /* geometry, network: weigh each loss term by its loss (§4.3) */
    double reweight_steps;      /* ... in the first reweight_steps steps; 0: every step */
    int clamp;                  /* resource, mse: keep u >= 0 (the reference's Euler) */
    int *skills, nskills;       /* the skills the model uses, in declaration order */
    double modules;             /* domino: modules learning in parallel */
    loc vectors_at, correlation_at;     /* where they were set, for messages */
    /* network */
    ir_net_task task;
    ir_activation activation;
    ir_precision precision;     /* network: double by default; geometry: single */
    int has_precision;
    ir_net_level level;
    int modular, has_loss;
    double bits, k, samples, split, embed, modulus;
    value hidden, parity;       /* V_VEC (V_NONE: [50]); V_MATRIX or V_LIST of vectors (V_NONE: drawn) */
    loc batch_at, task_at, bits_at, k_at, split_at, hidden_at, parity_at, modular_at, modulus_at, loss_at;
} ir_settings;

typedef struct ir_model {
    ast_model_kind kind;
    const char *name;
    loc at;
    ast_vec settings;           /* ast_setting*, as written */
    ir_settings resolved;       /* at the default parameter values */
    expr_prog **bfactor;        /* per skill of the program: B_i, NULL when 1 */
} ir_model;

typedef struct ir_optimizer {
    const char *name;           /* NULL for one written inline */
    loc at;
    int kind;                   /* optim_kind (src/models/optim.h) */
    const char *kind_name;
    const char **keys;          /* lr, beta1, ... */
    expr_prog **args;           /* may read t (schedules); checked here, a run
                                   compiles them again with its own locals */
    const ast_expr **arg_asts;
    int nargs;
    const ast_expr *call;       /* the call that wrote it, e.g. adam(lr: 3e-4) */
} ir_optimizer;

typedef struct ir_def {
    const ast_stmt *stmt;
} ir_def;

/* A family NAME[lo..hi]: its members are skills first .. first+n-1. */
typedef struct ir_family {
    const char *name;
    int first, n;
    int lo;                     /* the number of its first member */
    const ast_expr *range;      /* as written: a sweep or `with` must not change it */
    loc at;
} ir_family;

typedef struct ir_program {
    arena *a;
    const source *src;          /* the main file */
    source **sources;           /* every source read: main, prelude, imports, -D, and text
                                   kept at run time (loaded files, names made by fits) */
    int nsources;
    pthread_mutex_t keep_lock;  /* sweep points on several threads keep sources at once */
    symtab names;
    ir_param *params; int nparams;
    ir_skill *skills; int nskills;
    ir_family *families; int nfamilies;
    ir_model *models; int nmodels;
    ir_optimizer *opts; int nopts;
    const ast_stmt **defs; int ndefs;
    const ast_stmt **stmts; int nstmts;     /* what runs, in order */
} ir_program;

int ir_find_param(const ir_program *ir, const char *name);
int ir_find_skill(const ir_program *ir, const char *name);
int ir_find_model(const ir_program *ir, const char *name);
int ir_find_opt(const ir_program *ir, const char *name);
const ast_stmt *ir_find_def(const ir_program *ir, const char *name);
static inline int ir_family_count(const ir_program *ir) { return ir->nfamilies; }
int ir_find_family(const ir_program *ir, const char *name);
int ir_find_inline_opt(const ir_program *ir, const ast_expr *call);

/* The parameters' current values as numbers (NAN where a value is not a
 * number), the array compiled programs read; malloc'd. */
double *ir_param_values(const ir_param *params, int n);

/* Frees what resolving put in S (its values and skill list). */
void ir_settings_release(ir_settings *s);

const char *ir_model_kind_name(ast_model_kind k);

#endif
