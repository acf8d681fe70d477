/* ast.h - the syntax tree, allocated in an arena by the parser.  It says what
 * the text says and nothing more: names are unresolved, nothing is computed. */
#ifndef SKILL_AST_H
#define SKILL_AST_H

#include "arena.h"
#include "source.h"

typedef struct ast_expr ast_expr;
typedef struct ast_stmt ast_stmt;
typedef struct ast_dep ast_dep;

/* A growable array of pointers living in an arena. */
typedef struct ast_vec {
    void **items;
    int n, cap;
} ast_vec;

void ast_vec_push(arena *a, ast_vec *v, void *item);

typedef enum {
    E_ERROR,                    /* stands in for a syntax error already reported */
    E_NUM, E_STR, E_BOOL, E_NAME,
    E_LIST, E_MATRIX, E_RANGE,
    E_UNARY, E_BINARY, E_IF,
    E_CALL, E_MEMBER, E_INDEX,
    E_RUN, E_SWEEP, E_FIT,
    E_INFER,                    /* infer M from DATA [vary ...] [clauses] */
    E_VERB                      /* a table verb: T where ..., T group by ... { ... }, ... */
} ast_expr_kind;

typedef enum {
    OP_NEG, OP_NOT,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_POW,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_AND, OP_OR
} ast_op;

const char *ast_op_text(ast_op op);

/* `key = expr` in a model block or a `with` clause; `name: expr` call
 * arguments use it too (key NULL for positional ones). */
typedef struct ast_setting {
    const char *key;
    loc key_loc;
    ast_expr *value;
} ast_setting;

/* One piece of an interpolated string: literal text, or {expr}. */
typedef struct ast_strpart {
    const char *text;           /* escapes already decoded; NULL for an expr */
    ast_expr *expr;
} ast_strpart;

/* A column named in a table verb: a key of `sort by` (DESC for `desc`),
 * `group by` or `join ... by`, or an item of `select` (FROM is the old
 * name of `select new = old`, else NULL). */
typedef struct ast_column {
    const char *name;
    loc at;
    const char *from;
    loc from_at;
    int desc;
} ast_column;

typedef enum { VERB_WHERE, VERB_GROUP, VERB_SORT, VERB_SELECT, VERB_JOIN, VERB_WITH } ast_verb;

/* An item of `vary` (fit, infer): `KEY in RANGE`, or a skill's number
 * `FN(SKILL) in RANGE` (p, u0), SKILL a skill, a family or a member
 * SKILL[INDEX]; written after `each` (one value per data set) and `log`
 * or `logit` (the scale searched). */
typedef enum { VARY_SCALE_DEFAULT, VARY_SCALE_LOG, VARY_SCALE_LOGIT } ast_vary_scale;

typedef struct ast_vary {
    const char *key;            /* the key, or the function: "p", "u0" */
    loc key_loc;
    const char *skill;          /* NULL for a key */
    loc skill_loc;
    ast_expr *index;            /* SKILL[INDEX], else NULL */
    ast_expr *range;
    int each;
    loc each_at;
    ast_vary_scale scale;
    loc scale_at;
    loc at;                     /* the whole item */
} ast_vary;

/* A clause after the vary items: WORD VALUE, `on steps RANGE`, `compare
 * SPACE`, `skills [..]`, `starts N`; the words are judged by the checker. */
typedef struct ast_fitclause {
    const char *word;
    loc at;                     /* the word */
    int steps;                  /* `WORD steps VALUE` */
    ast_expr *value;
} ast_fitclause;

typedef struct ast_sweepvar {
    const char *name;
    loc name_loc;
    ast_expr *values;
} ast_sweepvar;

struct ast_expr {
    ast_expr_kind kind;
    loc at;
    int depth;                  /* nesting depth, bounded by the parser */
    union {
        double num;
        int boolean;
        const char *name;
        struct { ast_vec parts; } str;                        /* ast_strpart* */
        struct { ast_vec items; } list;                       /* ast_expr* */
        struct { ast_vec rows; } matrix;                      /* ast_vec* of ast_expr* */
        struct { ast_expr *lo, *hi, *by; } range;
        struct { ast_op op; ast_expr *a, *b; } op;
        struct { ast_expr *cond, *then, *els; } cond;
        struct { ast_expr *fn; ast_vec args; } call;          /* ast_setting* */
        struct { ast_expr *obj; const char *name; loc name_loc; } member;
        struct { ast_expr *obj, *index; } index;
        struct {
            ast_expr *model;
            ast_vec with;                                     /* ast_setting* */
            ast_expr *steps, *every, *out;                    /* every, out may be NULL */
        } run;
        struct { ast_vec vars; ast_vec body; } sweep;         /* ast_sweepvar*, ast_stmt* */
        struct {
            ast_expr *model, *target;
            ast_vec vary;                                     /* ast_vary* */
            ast_vec clauses;                                  /* ast_fitclause* */
        } fit;
        struct {
            ast_expr *model, *data;
            ast_vec vary;                                     /* ast_vary* */
            ast_vec clauses;                                  /* ast_fitclause*: fit's, and max N */
        } infer;
        struct {
            ast_verb verb;
            loc verb_at;                                      /* the verb's keyword */
            ast_expr *table;
            ast_expr *arg;                                    /* where: the condition; join: the other table */
            ast_vec columns;                                  /* ast_column*: sort group select join */
            ast_vec fields;                                   /* ast_setting*: group with */
        } verb;
    } u;
};

typedef enum { DEP_SKILL, DEP_AND, DEP_OR, DEP_NOT } ast_dep_kind;

struct ast_dep {
    ast_dep_kind kind;
    loc at;
    const char *name;           /* DEP_SKILL */
    ast_expr *index;            /* DEP_SKILL written NAME[expr]; else NULL */
    ast_dep *a, *b;             /* AND/OR: both; NOT: a */
};

typedef enum {
    S_PARAM, S_SKILL, S_MODEL, S_OPTIMIZER, S_LET, S_DEF, S_ASSIGN,
    S_PRINT, S_SAVE, S_PLOT, S_GRAPH, S_IMPORT, S_ROW, S_EXPR
} ast_stmt_kind;

typedef enum { MODEL_RESOURCE, MODEL_DOMINO, MODEL_GEOMETRY, MODEL_NETWORK, MODEL_QUANTA } ast_model_kind;
enum { MODEL_NKINDS = MODEL_QUANTA + 1 };

struct ast_stmt {
    ast_stmt_kind kind;
    loc at;
    const char *name;           /* PARAM SKILL MODEL OPTIMIZER LET DEF ASSIGN */
    loc name_loc;
    ast_expr *value;            /* PARAM OPTIMIZER LET DEF(body) ASSIGN SAVE PLOT GRAPH(model) EXPR */
    union {
        struct {
            ast_expr *family;   /* E_RANGE of a family NAME[lo..hi], or NULL */
            ast_expr *freq;
            ast_dep *needs;
            ast_expr *gate;
        } skill;
        struct { ast_model_kind kind; ast_vec settings; } model;   /* ast_setting* */
        struct { ast_vec params; } def;                            /* ast_setting*, value NULL */
        struct { ast_vec args; } print;                            /* ast_expr* */
        struct { ast_expr *path; ast_vec opts; } out;              /* SAVE PLOT GRAPH; opts: ast_setting* */
        struct { const char *path; loc path_loc; } import;
        struct { ast_vec fields; } row;                            /* ast_setting* */
    } u;
};

typedef struct ast_program {
    ast_vec stmts;              /* ast_stmt* */
} ast_program;

#endif
