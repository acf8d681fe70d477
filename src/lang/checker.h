/* checker.h - private to the checker's files (check.c, loader.c,
 * resolve.c, families.c, lower.c): the state one check carries, and what
 * each file offers the others.  check.h is the public entry.
 *
 * The passes run in a fixed order, and errors are reported in the order of
 * the passes (check.c's check_program): loading, declaring, parameters and
 * -D, families, functions, skills and cycles, statements, models, runs'
 * rows, optimizers. */
#ifndef SKILL_CHECKER_H
#define SKILL_CHECKER_H

#include "check.h"
#include "eval.h"

/* What an expression may read, by where it stands; the declarations
 * fixed before the script runs (CTX_MODEL ... CTX_DEF) cannot read lets. */
enum { CTX_T = 1, CTX_STATE = 2, CTX_FAMILY = 4, CTX_MODEL = 8, CTX_SKILL = 16, CTX_PARAM = 32,
       CTX_DEF = 64 };

typedef struct checker {
    ir_program *ir;
    diag *d;
    arena *a;
    eval_ctx ev;
    ast_vec skill_decls;        /* ast_stmt* */
    const ast_vec *script;      /* the statements the script runs (ast_stmt*) */
    ast_vec loaded;             /* canonical paths of imported files */
    const source *prelude;
    const char **locals;        /* names visible in statements, innermost last */
    int nlocals, caplocals;
    symtab ever_local;          /* every name pushed on locals: others need no search */
    int in_sweep;
    int import_depth;
    int usage_error;            /* a bad -D: exit status 2, not 65 */
    int placeholders;           /* names optimizer_lookup stood in for */
    int params_assigned;        /* an assignment seen: parameters may differ from here on */
    int repl;                   /* the REPL's input: assigning a parameter checks the program again */
    ast_vec known_runs;         /* ast_expr* runs whose model and counts are known now */
    int stdlib_only;            /* check_options.stdlib_only */
    const ast_expr *bad_family_freq;    /* reported at one member: not again at the others */
    const ast_expr *bad_family_gate;
    const ast_stmt *bad_family_needs;   /* the same for a family's `needs` */
    long suggest_budget;        /* names 'did you mean' may still compare */
    dist_cache cache;           /* families' normalising sums */
    ast_vec values;             /* ast_stmt*: the lets and assignments to locals, in order */
    int open_columns;           /* in a verb whose table's columns the text does not tell */
} checker;

/* Each shown error compares its name with every name in scope; with a
 * family of a million members that is a million comparisons an error.
 * Past this many in all, errors get no 'did you mean', so that checking
 * stays fast whatever the input (every suggestion for up to 80 000 names). */
enum { SUGGEST_BUDGET = 4000000 };

/* ---- check.c: statements and the expressions in them ---- */

void check_expr(checker *c, const ast_expr *e, int ctx);
void check_stmts(checker *c, const ast_vec *stmts);
/* Reports KEY (at AT) when it is neither a key of the model MODEL names
 * nor a parameter. */
void check_key(checker *c, const ast_expr *model, const char *key, loc at);

/* ---- checkfit.c: fit's vary items and clauses (infer's too) ---- */

void check_fit(checker *c, const ast_expr *e, int ctx);
/* The items of `vary` for model MODEL fitted to DATA (checked already). */
void check_vary_items(checker *c, const ast_expr *model, const ast_expr *data, const ast_vec *items);
void check_fit_clauses(checker *c, const ast_vec *clauses);

/* Names in a model setting's value (words such as `loss = ce` are not). */
void check_setting_names(checker *c, const ast_setting *s, int ctx);
/* CTX_T | CTX_STATE where KEY may follow t and the state (a resource
 * model's eta and N0; KIND -1: a model known only at run time), else 0. */
int check_follows_ctx(int kind, const char *key);
/* Whether E has one value whatever the statements before it do. */
int check_known_now(const checker *c, const ast_expr *e);

/* ---- columns.c: the table verbs ---- */

/* A verb E (E_VERB): its table, its columns, its expressions with the
 * table's columns in scope. */
void check_verb(checker *c, const ast_expr *e, int ctx);
/* Remembers the value a `let` or an assignment S gives a local, from
 * which the columns of a table named later are read. */
void check_record_value(checker *c, const ast_stmt *s);

/* ---- loader.c: the prelude, the file, its imports, -D ---- */

/* Keeps S alive (and freed) with the program: every source a loc points into. */
void loader_add_source(ir_program *ir, source *s);
/* At run time, from any thread: SRC kept until the program is freed. */
void loader_keep_source(ir_program *ir, source *src);
/* A copy of TEXT that lives as long as the program (a record's key made at
 * run time), from any thread. */
const char *loader_keep_text(ir_program *ir, const char *text);
/* The statements of the prelude, the main file MAIN_PROG with its imports
 * and the REPL's declarations (OPT->more), in order, into ALL. */
void loader_load_program(checker *c, ast_vec *all, const ast_program *main_prog,
                         const check_options *opt);
/* One -D NAME=VALUE: 0, or -1 after reporting the error. */
int loader_apply_define(checker *c, const char *def);

/* ---- resolve.c: declaring names, finding them, 'did you mean' ---- */

void resolve_push_local(checker *c, const char *name);
int resolve_local_visible(const checker *c, const char *name);
/* A 'did you mean' note for NAME (SKILLS_ONLY: among the skills). */
void resolve_suggest(checker *c, const char *name, int skills_only);
/* 1, or 0 after reporting that NAME is already declared. */
int resolve_declare(checker *c, const char *name, loc at, sym_kind kind, int index);
/* Declares what S declares; the statements the script runs go to EXEC. */
void resolve_declare_stmt(checker *c, ast_stmt *s, ast_vec *exec);
/* Checks that the name E (an E_NAME) is visible where CTX says it stands. */
void resolve_name(checker *c, const ast_expr *e, int ctx);
/* Whether NAME is an optimizer's kind (no declaration or local hides it). */
int resolve_optimizer_kind(checker *c, const char *name);
/* The model E names, or NULL. */
const symbol *resolve_model(checker *c, const ast_expr *e);

/* ---- families.c: skill families expanded into skills ---- */

/* Declares every skill, a family's members one by one; OWNERS gets each
 * skill's declaration, in the skills' order. */
void families_expand(checker *c, ast_vec *owners);
/* Refuses known VALUES of parameter NAME that change a family's range. */
void families_check_sizes(checker *c, const char *name, loc at, const ast_expr *values);

/* ---- lower.c: the checked program compiled into the IR ---- */

/* Compiles every skill's frequency, gate and needs (OWNERS as above). */
void lower_skills(checker *c, const ast_vec *owners);
void lower_find_cycles(checker *c);
/* Checks every model's keys, resolves its settings, compiles its gates. */
void lower_models(checker *c);
/* An optimizer call E becomes IR optimizer NAME (NULL: inline); returns
 * its index, or -1 after reporting errors. */
int lower_register_optimizer(checker *c, const ast_expr *e, const char *name, loc at, int ctx);
/* Compiles the arguments of optimizers FROM on. */
void lower_optimizers(checker *c, int from);
/* The statements the script runs, into the IR. */
void lower_stmts(checker *c, const ast_vec *exec);

#endif
