/* parser.y - the .skill grammar (Bison: pure, reentrant, with locations).
 * Actions only build the AST; errors recover at the end of the statement
 * so that every syntax error in a file is reported. */
%require "3.8"
%define api.pure full
%define api.location.type {loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {parse_ctx *pc}

%code requires {
#include "ast.h"
#include "source.h"
typedef struct parse_ctx parse_ctx;
}

%code provides {
int yylex(YYSTYPE *val, loc *at, parse_ctx *pc);
void yyerror(const loc *at, parse_ctx *pc, const char *msg);
}

%code {
#include <stdio.h>
#include <string.h>
#include "keywords.h"
#include "lex.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
    do {                                                              \
        if (N) {                                                      \
            (Cur).src = YYRHSLOC(Rhs, 1).src;                         \
            (Cur).off = YYRHSLOC(Rhs, 1).off;                         \
            (Cur).end = YYRHSLOC(Rhs, N).end;                         \
        } else {                                                      \
            (Cur).src = YYRHSLOC(Rhs, 0).src;                         \
            (Cur).off = (Cur).end = YYRHSLOC(Rhs, 0).end;             \
        }                                                             \
    } while (0)

/* Room for long right-recursive chains; depth is bounded elsewhere. */
#define YYMAXDEPTH 100000

static ast_expr *binary(parse_ctx *pc, ast_op op, ast_expr *a, ast_expr *b, loc at)
{
    ast_expr *e = ast_new_expr(pc, E_BINARY, at);
    e->u.op.op = op;
    e->u.op.a = a;
    e->u.op.b = b;
    ast_set_depth(pc, e, a->depth > b->depth ? a->depth : b->depth);
    return e;
}

static ast_expr *unary(parse_ctx *pc, ast_op op, ast_expr *a, loc at)
{
    ast_expr *e = ast_new_expr(pc, E_UNARY, at);
    e->u.op.op = op;
    e->u.op.a = a;
    ast_set_depth(pc, e, a->depth);
    return e;
}

static ast_setting *setting(parse_ctx *pc, const char *key, loc key_loc, ast_expr *value)
{
    ast_setting *s = arena_alloc(pc->a, sizeof *s);
    s->key = key;
    s->key_loc = key_loc;
    s->value = value;
    return s;
}

static ast_dep *dep(parse_ctx *pc, ast_dep_kind kind, ast_dep *a, ast_dep *b, loc at)
{
    ast_dep *d = arena_alloc(pc->a, sizeof *d);
    d->kind = kind;
    d->a = a;
    d->b = b;
    d->at = at;
    return d;
}

static ast_expr *verb(parse_ctx *pc, ast_verb kind, ast_expr *table, loc verb_at, loc at)
{
    ast_expr *e = ast_new_expr(pc, E_VERB, at);
    e->u.verb.verb = kind;
    e->u.verb.verb_at = verb_at;
    e->u.verb.table = table;
    ast_set_depth(pc, e, table->depth);
    return e;
}

static ast_column *column(parse_ctx *pc, const char *name, loc at)
{
    ast_column *c = arena_alloc(pc->a, sizeof *c);
    memset(c, 0, sizeof *c);
    c->name = name;
    c->at = at;
    return c;
}

/* `desc` or `asc` after a key of `sort by`: 1 for descending. */
static int sort_order(parse_ctx *pc, const char *word, loc at)
{
    if (strcmp(word, "desc") == 0 || strcmp(word, "asc") == 0)
        return word[0] == 'd';
    diag_error(pc->d, at, "unexpected name '%s' after a key of 'sort by'", word);
    diag_hint(pc->d, "a key may be followed by 'asc' or 'desc'; separate keys with ','");
    return 0;
}

static ast_vary *vary(parse_ctx *pc, const char *key, loc key_loc)
{
    ast_vary *v = arena_alloc(pc->a, sizeof *v);
    memset(v, 0, sizeof *v);
    v->key = key;
    v->key_loc = key_loc;
    return v;
}

/* `each`, `log` or `logit` before a vary item. */
static void vary_modifier(parse_ctx *pc, ast_vary *v, const char *word, loc at)
{
    if (strcmp(word, "each") == 0) {
        v->each = 1;
        v->each_at = at;
        return;
    }
    if (strcmp(word, "log") == 0 || strcmp(word, "logit") == 0) {
        v->scale = word[3] ? VARY_SCALE_LOGIT : VARY_SCALE_LOG;
        v->scale_at = at;
        return;
    }
    diag_error(pc->d, at, "unexpected name '%s' before a vary item", word);
    diag_hint(pc->d, "an item may be preceded by 'each' (one value per data set) and 'log' or 'logit' "
                     "(its scale)");
}

static ast_fitclause *fit_clause(parse_ctx *pc, const char *word, loc at, int steps, ast_expr *value)
{
    ast_fitclause *c = arena_alloc(pc->a, sizeof *c);
    c->word = word;
    c->at = at;
    c->steps = steps;
    c->value = value;
    return c;
}

static int vec_depth(const ast_vec *v)
{
    int depth = 0;
    for (int i = 0; i < v->n; i++) {
        const ast_expr *e = v->items[i];
        if (e->depth > depth)
            depth = e->depth;
    }
    return depth;
}
}

%union {
    double num;
    const char *str;
    ast_expr *expr;
    ast_stmt *stmt;
    ast_dep *dep;
    ast_setting *setting;
    ast_column *column;
    ast_vary *vary;
    ast_fitclause *fitclause;
    ast_vec vec;
    int op;
}

%token END 0 "end of file"
%token NL "end of line"
%token <num> NUM "number"
%token <str> STRING "string"
%token <str> IDENT "name"
%token <str> AND "and" BY "by" DEF "def" DOMINO "domino" ELSE "else" EVERY "every"
%token <str> FALSE "false" FIT "fit" FOR "for" FREQ "freq" GATE "gate"
%token <str> GEOMETRY "geometry" GRAPH "graph" IF "if" IMPORT "import" IN "in"
%token <str> LET "let" NEEDS "needs" NETWORK "network" NOT "not" OPTIMIZER "optimizer" OR "or"
%token <str> PARAM "param" PLOT "plot" PRINT "print" QUANTA "quanta" RESOURCE "resource" ROW "row"
%token <str> RUN "run" SAVE "save" SKILL "skill" STEPS "steps" SWEEP "sweep"
%token <str> GROUP "group" JOIN "join" SELECT "select" SORT "sort" WHERE "where"
%token <str> THEN "then" TO "to" TRUE "true" VARY "vary" WITH "with"
%token <str> LOAD "load"
%token <str> INFER "infer"
%token ARROW "->" DOTDOT ".." EQ "==" NE "!=" LE "<=" GE ">="
%token START_PROGRAM START_EXPR

/* plot's options */
%type <vec> plot_opt_list
%type <setting> plot_opt
%type <str> plot_key

/* A verb's list of columns or fields takes every ',' that follows it. */
%precedence VERB_LIST
%precedence ','

%type <expr> expr cond_expr or_expr and_expr not_expr cmp_expr add_expr mul_expr
%type <expr> unary_expr power_expr postfix primary bracket family_opt gate_opt
%type <expr> every_opt arrow_opt run_expr sweep_expr fit_expr verb_expr
%type <expr> infer_expr
%type <vec> infer_vary
%type <column> column sort_key select_item
%type <vec> columns sort_keys select_items verb_fields agg_block agg_fields
%type <setting> verb_field
%type <stmt> stmt skill_stmt model_stmt def_stmt out_stmt
%type <dep> needs_opt dep_or dep_and dep_not dep_atom
%type <setting> setting arg field
%type <vec> items block settings model_body exprs rows args arglist with_opt with_list
%type <vec> fields params sweep_vars plot_opts
%type <str> word vary_word
%type <vec> vary_items fit_clauses
%type <vary> vary_item vary_target
%type <fitclause> fit_clause
%type <op> cmp_op model_kind

%%

start
    : START_PROGRAM program
    | START_EXPR expr           { pc->expr = $2; }
    ;

program
    : items                     { pc->program->stmts = $1; }
    | items stmt                { ast_vec_push(pc->a, &$1, $2); pc->program->stmts = $1; }
    ;

items
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | items sep                 { $$ = $1; }
    | items stmt sep            { $$ = $1; ast_vec_push(pc->a, &$$, $2); pc->deep_reported = 0; pc->lx.bad = 0; }
    | items error sep           { $$ = $1; yyerrok; pc->deep_reported = 0; pc->lx.bad = 0; }
    ;

sep : NL | ';' ;

block
    : '{' items '}'             { $$ = $2; }
    | '{' items stmt '}'        { $$ = $2; ast_vec_push(pc->a, &$$, $3); }
    ;

stmt
    : PARAM IDENT '=' expr      { $$ = ast_new_stmt(pc, S_PARAM, @$); $$->name = $2; $$->name_loc = @2; $$->value = $4; }
    | OPTIMIZER IDENT '=' expr  { $$ = ast_new_stmt(pc, S_OPTIMIZER, @$); $$->name = $2; $$->name_loc = @2; $$->value = $4; }
    | LET IDENT '=' expr        { $$ = ast_new_stmt(pc, S_LET, @$); $$->name = $2; $$->name_loc = @2; $$->value = $4; }
    | IDENT '=' expr            { $$ = ast_new_stmt(pc, S_ASSIGN, @$); $$->name = $1; $$->name_loc = @1; $$->value = $3; }
    | PRINT exprs               { $$ = ast_new_stmt(pc, S_PRINT, @$); $$->u.print.args = $2; }
    | IMPORT STRING             { $$ = ast_new_stmt(pc, S_IMPORT, @$); $$->u.import.path = $2; $$->u.import.path_loc = @2; }
    | ROW fields                { $$ = ast_new_stmt(pc, S_ROW, @$); $$->u.row.fields = $2; }
    | expr                      { $$ = ast_new_stmt(pc, S_EXPR, @$); $$->value = $1; }
    | skill_stmt
    | model_stmt
    | def_stmt
    | out_stmt
    ;

skill_stmt
    : SKILL IDENT family_opt FREQ expr needs_opt gate_opt
        {
            $$ = ast_new_stmt(pc, S_SKILL, @$);
            $$->name = $2; $$->name_loc = @2;
            $$->u.skill.family = $3; $$->u.skill.freq = $5;
            $$->u.skill.needs = $6; $$->u.skill.gate = $7;
        }
    ;

family_opt
    : %empty                    { $$ = NULL; }
    | '[' expr ']'              { $$ = $2; }
    ;

needs_opt
    : %empty                    { $$ = NULL; }
    | NEEDS dep_or              { $$ = $2; }
    ;

gate_opt
    : %empty                    { $$ = NULL; }
    | GATE expr                 { $$ = $2; }
    ;

dep_or
    : dep_and
    | dep_or OR dep_and         { $$ = dep(pc, DEP_OR, $1, $3, @$); }
    ;

dep_and
    : dep_not
    | dep_and AND dep_not       { $$ = dep(pc, DEP_AND, $1, $3, @$); }
    ;

dep_not
    : dep_atom
    | NOT dep_not               { $$ = dep(pc, DEP_NOT, $2, NULL, @$); }
    ;

dep_atom
    : IDENT                     { $$ = dep(pc, DEP_SKILL, NULL, NULL, @$); $$->name = $1; }
    | IDENT '[' expr ']'        { $$ = dep(pc, DEP_SKILL, NULL, NULL, @$); $$->name = $1; $$->index = $3; }
    | '(' dep_or ')'            { $$ = $2; }
    ;

model_kind
    : RESOURCE                  { $$ = MODEL_RESOURCE; }
    | DOMINO                    { $$ = MODEL_DOMINO; }
    | GEOMETRY                  { $$ = MODEL_GEOMETRY; }
    | NETWORK                   { $$ = MODEL_NETWORK; }
    | QUANTA                    { $$ = MODEL_QUANTA; }
    ;

model_stmt
    : model_kind IDENT model_body
        {
            $$ = ast_new_stmt(pc, S_MODEL, @$);
            $$->name = $2; $$->name_loc = @2;
            $$->u.model.kind = (ast_model_kind)$1; $$->u.model.settings = $3;
        }
    ;

model_body
    : '{' settings '}'          { $$ = $2; }
    | '{' settings setting '}'  { $$ = $2; ast_vec_push(pc->a, &$$, $3); }
    ;

settings
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | settings sep              { $$ = $1; }
    | settings setting sep      { $$ = $1; ast_vec_push(pc->a, &$$, $2); }
    | settings error sep        { $$ = $1; yyerrok; }
    ;

setting
    : word '=' expr             { $$ = setting(pc, $1, @1, $3); }
    ;

word
    : IDENT | AND | BY | DEF | DOMINO | ELSE | EVERY | FALSE | FIT | FOR | FREQ | GATE
    | GEOMETRY | GRAPH | IF | IMPORT | IN | LET | NEEDS | NETWORK | NOT | OPTIMIZER | OR | PARAM
    | PLOT | PRINT | QUANTA | RESOURCE | ROW | RUN | SAVE | SKILL | STEPS | SWEEP | THEN | TO
    | TRUE | VARY | WITH
    | GROUP | JOIN | SELECT | SORT | WHERE
    | INFER
    ;

def_stmt
    : DEF IDENT '(' params ')' '=' expr
        {
            $$ = ast_new_stmt(pc, S_DEF, @$);
            $$->name = $2; $$->name_loc = @2;
            $$->u.def.params = $4; $$->value = $7;
        }
    ;

params
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | IDENT                     { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, setting(pc, $1, @1, NULL)); }
    | params ',' IDENT          { $$ = $1; ast_vec_push(pc->a, &$$, setting(pc, $3, @3, NULL)); }
    ;

out_stmt
    : SAVE verb_expr ARROW expr    { $$ = ast_new_stmt(pc, S_SAVE, @$); $$->value = $2; $$->u.out.path = $4; }
    | PLOT or_expr plot_opts ARROW expr
        { $$ = ast_new_stmt(pc, S_PLOT, @$); $$->value = $2; $$->u.out.opts = $3; $$->u.out.path = $5; }
    | GRAPH ARROW expr          { $$ = ast_new_stmt(pc, S_GRAPH, @$); $$->value = NULL; $$->u.out.path = $3; }
    | GRAPH postfix ARROW expr     { $$ = ast_new_stmt(pc, S_GRAPH, @$); $$->value = $2; $$->u.out.path = $4; }
    ;

/* Words (`loss`, `loglog`) and `key: value` options, commas optional. */
plot_opts
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | plot_opt_list
    ;

plot_opt_list
    : plot_opt                  { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | plot_opt_list plot_opt    { $$ = $1; ast_vec_push(pc->a, &$$, $2); }
    | plot_opt_list ',' plot_opt { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

plot_opt
    : plot_key                  { $$ = setting(pc, $1, @1, NULL); }
    | plot_key ':' or_expr      { $$ = setting(pc, $1, @1, $3); }
    ;

plot_key
    : IDENT | BY
    ;

fields
    : field                     { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | fields ',' field          { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

field
    : word '=' expr             { $$ = setting(pc, $1, @1, $3); }
    ;

exprs
    : expr                      { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | exprs ',' expr            { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

/* Expressions, loosest first. */
expr
    : cond_expr
    | cond_expr DOTDOT cond_expr
        { $$ = ast_new_expr(pc, E_RANGE, @$); $$->u.range.lo = $1; $$->u.range.hi = $3;
          ast_set_depth(pc, $$, $1->depth > $3->depth ? $1->depth : $3->depth); }
    | cond_expr DOTDOT cond_expr BY cond_expr
        { $$ = ast_new_expr(pc, E_RANGE, @$); $$->u.range.lo = $1; $$->u.range.hi = $3; $$->u.range.by = $5;
          int d = $1->depth > $3->depth ? $1->depth : $3->depth;
          ast_set_depth(pc, $$, d > $5->depth ? d : $5->depth); }
    ;

cond_expr
    : verb_expr
    | IF expr THEN expr ELSE cond_expr
        { $$ = ast_new_expr(pc, E_IF, @$); $$->u.cond.cond = $2; $$->u.cond.then = $4; $$->u.cond.els = $6;
          int d = $2->depth > $4->depth ? $2->depth : $4->depth;
          ast_set_depth(pc, $$, d > $6->depth ? d : $6->depth); }
    | run_expr
    | sweep_expr
    | fit_expr
    | infer_expr
    ;

run_expr
    : RUN postfix with_opt FOR expr STEPS every_opt arrow_opt
        {
            $$ = ast_new_expr(pc, E_RUN, @$);
            $$->u.run.model = $2; $$->u.run.with = $3; $$->u.run.steps = $5;
            $$->u.run.every = $7; $$->u.run.out = $8;
            ast_set_depth(pc, $$, $5->depth);
        }
    ;

with_opt
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | WITH with_list            { $$ = $2; }
    ;

with_list
    : setting                   { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | with_list ',' setting     { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

every_opt
    : %empty                    { $$ = NULL; }
    | EVERY add_expr            { $$ = $2; }
    ;

arrow_opt
    : %empty                    { $$ = NULL; }
    | ARROW postfix             { $$ = $2; }
    ;

sweep_expr
    : SWEEP sweep_vars block
        { $$ = ast_new_expr(pc, E_SWEEP, @$); $$->u.sweep.vars = $2; $$->u.sweep.body = $3; ast_set_depth(pc, $$, 0); }
    ;

sweep_vars
    : IDENT IN expr
        { memset(&$$, 0, sizeof $$);
          ast_sweepvar *v = arena_alloc(pc->a, sizeof *v); v->name = $1; v->name_loc = @1; v->values = $3;
          ast_vec_push(pc->a, &$$, v); }
    | sweep_vars ',' IDENT IN expr
        { $$ = $1;
          ast_sweepvar *v = arena_alloc(pc->a, sizeof *v); v->name = $3; v->name_loc = @3; v->values = $5;
          ast_vec_push(pc->a, &$$, v); }
    ;

fit_expr
    : FIT postfix TO postfix VARY vary_items fit_clauses
        {
            $$ = ast_new_expr(pc, E_FIT, @$);
            $$->u.fit.model = $2; $$->u.fit.target = $4;
            $$->u.fit.vary = $6; $$->u.fit.clauses = $7;
            ast_set_depth(pc, $$, $4->depth);
        }
    ;

/* infer M from DATA [vary ITEMS] [CLAUSES]: the items and clauses are
 * fit's; the checker judges the clause words (infer's add `max N`). */
infer_expr
    : INFER postfix IDENT postfix infer_vary fit_clauses
        {
            $$ = ast_new_expr(pc, E_INFER, @$);
            $$->u.infer.model = $2; $$->u.infer.data = $4;
            $$->u.infer.vary = $5; $$->u.infer.clauses = $6;
            if (strcmp($3, "from") != 0) {
                diag_error(pc->d, @3, "expected 'from' after the model of 'infer', not '%s'", $3);
                diag_hint(pc->d, "write: infer M from DATA");
            }
            ast_set_depth(pc, $$, $4->depth);
        }
    ;

infer_vary
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | VARY vary_items %prec VERB_LIST { $$ = $2; }
    ;

/* `vary` items and the clauses after them, shared by fit and infer.  The
 * items take every ',' that follows them. */
vary_items
    : vary_item                 { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | vary_items ',' vary_item  { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

vary_item
    : vary_target IN postfix    { $$ = $1; $$->range = $3; $$->at = @$; }
    | IDENT vary_item           { $$ = $2; $$->at = @$; vary_modifier(pc, $$, $1, @1); }
    ;

vary_target
    : vary_word                 { $$ = vary(pc, $1, @1); }
    | IDENT '(' IDENT ')'       { $$ = vary(pc, $1, @1); $$->skill = $3; $$->skill_loc = @3; }
    | IDENT '(' IDENT '[' expr ']' ')'
        { $$ = vary(pc, $1, @1); $$->skill = $3; $$->skill_loc = @3; $$->index = $5; }
    ;

/* A key: a name or a keyword, except `in` (which ends a modifier's list). */
vary_word
    : IDENT | AND | BY | DEF | DOMINO | ELSE | EVERY | FALSE | FIT | FOR | FREQ | GATE
    | GEOMETRY | GRAPH | IF | IMPORT | LET | NEEDS | NETWORK | NOT | OPTIMIZER | OR | PARAM
    | PLOT | PRINT | QUANTA | RESOURCE | ROW | RUN | SAVE | SKILL | STEPS | SWEEP | THEN | TO
    | TRUE | VARY | WITH
    | GROUP | JOIN | SELECT | SORT | WHERE
    | INFER
    ;

fit_clauses
    : %empty %prec VERB_LIST    { memset(&$$, 0, sizeof $$); }
    | fit_clauses fit_clause    { $$ = $1; ast_vec_push(pc->a, &$$, $2); }
    ;

fit_clause
    : IDENT postfix             { $$ = fit_clause(pc, $1, @1, 0, $2); }
    | IDENT STEPS postfix       { $$ = fit_clause(pc, $1, @1, 1, $3); }
    ;

/* Table verbs, applied left to right to the table before them. */
verb_expr
    : or_expr
    | verb_expr WHERE or_expr   { $$ = verb(pc, VERB_WHERE, $1, @2, @$); $$->u.verb.arg = $3; }
    | verb_expr SORT BY sort_keys %prec VERB_LIST
        { $$ = verb(pc, VERB_SORT, $1, @2, @$); $$->u.verb.columns = $4; }
    | verb_expr GROUP BY columns agg_block
        { $$ = verb(pc, VERB_GROUP, $1, @2, @$); $$->u.verb.columns = $4; $$->u.verb.fields = $5; }
    | verb_expr SELECT select_items %prec VERB_LIST
        { $$ = verb(pc, VERB_SELECT, $1, @2, @$); $$->u.verb.columns = $3; }
    | verb_expr JOIN postfix BY columns %prec VERB_LIST
        { $$ = verb(pc, VERB_JOIN, $1, @2, @$); $$->u.verb.arg = $3; $$->u.verb.columns = $5; }
    | verb_expr WITH verb_fields %prec VERB_LIST
        { $$ = verb(pc, VERB_WITH, $1, @2, @$); $$->u.verb.fields = $3; }
    ;

columns
    : column                    { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | columns ',' column        { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

column
    : word                      { $$ = column(pc, $1, @1); }
    ;

sort_keys
    : sort_key                  { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | sort_keys ',' sort_key    { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

sort_key
    : word                      { $$ = column(pc, $1, @1); }
    | word IDENT                { $$ = column(pc, $1, @1); $$->desc = sort_order(pc, $2, @2); }
    ;

select_items
    : select_item               { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | select_items ',' select_item  { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

select_item
    : word                      { $$ = column(pc, $1, @1); }
    | word '=' word             { $$ = column(pc, $1, @1); $$->from = $3; $$->from_at = @3; }
    ;

verb_fields
    : verb_field                { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | verb_fields ',' verb_field    { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

verb_field
    : word '=' or_expr          { $$ = setting(pc, $1, @1, $3); }
    ;

agg_block
    : '{' agg_fields '}'        { $$ = $2; }
    | '{' agg_fields NL '}'     { $$ = $2; }
    ;

agg_fields
    : verb_field                { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | agg_fields ',' verb_field { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    | agg_fields NL verb_field  { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

or_expr
    : and_expr
    | or_expr OR and_expr       { $$ = binary(pc, OP_OR, $1, $3, @$); }
    ;

and_expr
    : not_expr
    | and_expr AND not_expr     { $$ = binary(pc, OP_AND, $1, $3, @$); }
    ;

not_expr
    : cmp_expr
    | NOT not_expr              { $$ = unary(pc, OP_NOT, $2, @$); }
    ;

cmp_expr
    : add_expr
    | add_expr cmp_op add_expr  { $$ = binary(pc, (ast_op)$2, $1, $3, @$); }
    ;

cmp_op
    : EQ { $$ = OP_EQ; } | NE { $$ = OP_NE; } | '<' { $$ = OP_LT; }
    | LE { $$ = OP_LE; } | '>' { $$ = OP_GT; } | GE { $$ = OP_GE; }
    ;

add_expr
    : mul_expr
    | add_expr '+' mul_expr     { $$ = binary(pc, OP_ADD, $1, $3, @$); }
    | add_expr '-' mul_expr     { $$ = binary(pc, OP_SUB, $1, $3, @$); }
    ;

mul_expr
    : unary_expr
    | mul_expr '*' unary_expr   { $$ = binary(pc, OP_MUL, $1, $3, @$); }
    | mul_expr '/' unary_expr   { $$ = binary(pc, OP_DIV, $1, $3, @$); }
    | mul_expr '%' unary_expr   { $$ = binary(pc, OP_MOD, $1, $3, @$); }
    ;

unary_expr
    : power_expr
    | '-' unary_expr            { $$ = unary(pc, OP_NEG, $2, @$); }
    ;

power_expr
    : postfix
    | postfix '^' unary_expr    { $$ = binary(pc, OP_POW, $1, $3, @$); }
    ;

postfix
    : primary
    | postfix '(' args ')'
        { $$ = ast_new_expr(pc, E_CALL, @$); $$->u.call.fn = $1; $$->u.call.args = $3;
          int d = $1->depth;
          for (int i = 0; i < $3.n; i++) {
              ast_setting *s = $3.items[i];
              if (s->value->depth > d) d = s->value->depth;
          }
          ast_set_depth(pc, $$, d); }
    | LOAD primary
        { $$ = ast_new_expr(pc, E_CALL, @$);
          ast_expr *fn = ast_new_expr(pc, E_NAME, @1); fn->u.name = "load";
          $$->u.call.fn = fn; ast_vec_push(pc->a, &$$->u.call.args, setting(pc, NULL, @2, $2));
          ast_set_depth(pc, $$, $2->depth); }
    | postfix '.' word
        { $$ = ast_new_expr(pc, E_MEMBER, @$); $$->u.member.obj = $1; $$->u.member.name = $3;
          $$->u.member.name_loc = @3; ast_set_depth(pc, $$, $1->depth); }
    | postfix '[' expr ']'
        { $$ = ast_new_expr(pc, E_INDEX, @$); $$->u.index.obj = $1; $$->u.index.index = $3;
          ast_set_depth(pc, $$, $1->depth > $3->depth ? $1->depth : $3->depth); }
    ;

args
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | arglist
    ;

arglist
    : arg                       { memset(&$$, 0, sizeof $$); ast_vec_push(pc->a, &$$, $1); }
    | arglist ',' arg           { $$ = $1; ast_vec_push(pc->a, &$$, $3); }
    ;

arg
    : expr                      { $$ = setting(pc, NULL, @1, $1); }
    | IDENT ':' expr            { $$ = setting(pc, $1, @1, $3); }
    ;

primary
    : NUM                       { $$ = ast_new_expr(pc, E_NUM, @$); $$->u.num = $1; }
    | STRING                    { $$ = ast_string(pc, $1, @$); }
    | TRUE                      { $$ = ast_new_expr(pc, E_BOOL, @$); $$->u.boolean = 1; }
    | FALSE                     { $$ = ast_new_expr(pc, E_BOOL, @$); $$->u.boolean = 0; }
    | IDENT                     { $$ = ast_new_expr(pc, E_NAME, @$); $$->u.name = $1; }
    | OPTIMIZER                 { $$ = ast_new_expr(pc, E_NAME, @$); $$->u.name = $1; }   /* a column's name */
    | '(' expr ')'              { $$ = $2; $$->at = @$; }
    | bracket
    ;

bracket
    : '[' ']'                   { $$ = ast_new_expr(pc, E_LIST, @$); }
    | '[' rows ']'
        {
            if ($2.n == 1) {
                $$ = ast_new_expr(pc, E_LIST, @$);
                $$->u.list.items = *(ast_vec *)$2.items[0];
                ast_set_depth(pc, $$, vec_depth(&$$->u.list.items));
            } else {
                $$ = ast_new_expr(pc, E_MATRIX, @$);
                $$->u.matrix.rows = $2;
                int d = 0;
                for (int i = 0; i < $2.n; i++) {
                    int r = vec_depth($2.items[i]);
                    if (r > d) d = r;
                }
                ast_set_depth(pc, $$, d);
            }
        }
    ;

rows
    : exprs
        { memset(&$$, 0, sizeof $$);
          ast_vec *row = arena_alloc(pc->a, sizeof *row); *row = $1; ast_vec_push(pc->a, &$$, row); }
    | rows ';' exprs
        { $$ = $1;
          ast_vec *row = arena_alloc(pc->a, sizeof *row); *row = $3; ast_vec_push(pc->a, &$$, row); }
    ;

%%

/* Token names as a message shows them: descriptions plain, the rest quoted.
 * Inside a string's {...} the end of input is the closing brace. */
static void put_symbol(char *buf, size_t len, yysymbol_kind_t sym, const parse_ctx *pc)
{
    const char *name = yysymbol_name(sym);
    size_t n = strlen(name);
    if (sym == YYSYMBOL_YYEOF && pc->interp_depth > 0) {
        snprintf(buf, len, "'}'");
        return;
    }
    if (n >= 2 && name[0] == '"') {
        name++;
        n -= 2;
    }
    int plain = sym == YYSYMBOL_YYEOF || sym == YYSYMBOL_NL || sym == YYSYMBOL_NUM ||
                sym == YYSYMBOL_STRING || sym == YYSYMBOL_IDENT;
    if (plain || name[0] == '\'')
        snprintf(buf, len, "%.*s", (int)n, name);
    else
        snprintf(buf, len, "'%.*s'", (int)n, name);
}

/* When many tokens could follow, name what the construct lacks: a keyword
 * such as 'else' or 'steps', or an expression. */
static const char *what_is_missing(const yysymbol_kind_t *expected, int n)
{
    static const struct { yysymbol_kind_t sym; const char *text; } keys[] = {
        {YYSYMBOL_ELSE, "'else'"}, {YYSYMBOL_THEN, "'then'"}, {YYSYMBOL_STEPS, "'steps'"},
        {YYSYMBOL_FREQ, "'freq'"}, {YYSYMBOL_FOR, "'for'"}, {YYSYMBOL_TO, "'to'"},
        {YYSYMBOL_VARY, "'vary'"}, {YYSYMBOL_IN, "'in'"}, {YYSYMBOL_ARROW, "'->'"},
    };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        for (int i = 0; i < n; i++)
            if (expected[i] == keys[k].sym)
                return keys[k].text;
    for (int i = 0; i < n; i++)
        if (expected[i] == YYSYMBOL_NUM)
            return "an expression";
    return NULL;
}

/* The text at AT, copied into BUF (cut at LEN - 1 bytes). */
static const char *text_at(char *buf, size_t len, loc at)
{
    size_t n = at.end > at.off ? at.end - at.off : 0;
    snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), at.src->text + at.off);
    return buf;
}

/* A name where the parser wanted one of the keywords in EXPECTED, and
 * close to one of them ('frq' for 'freq'): that keyword, else NULL. */
static const char *keyword_meant(const yypcontext_t *yyctx, const yysymbol_kind_t *expected, int n)
{
    enum { MAX_KEYWORDS = 64 };
    const char *cands[MAX_KEYWORDS];
    int ncands = 0;
    for (int i = 0; i < n && ncands < MAX_KEYWORDS; i++)
        if (expected[i] >= YYSYMBOL_AND && expected[i] <= YYSYMBOL_WITH)   /* the keywords */
            cands[ncands++] = yysymbol_name(expected[i]);
    char word[64];
    return diag_suggest(text_at(word, sizeof word, *yypcontext_location(yyctx)), cands, ncands);
}

/* A statement that begins with a name followed by something a name cannot
 * be followed by, where the name is close to a statement keyword ('skil A
 * freq 0.5'): reports it and returns 1. */
static int unknown_statement(parse_ctx *pc)
{
    static const struct { const char *text; int starts; } keywords[] = {
#define KW(text, token, starts) {text, starts},
        SKILL_KEYWORDS(KW)
#undef KW
    };
    if (!pc->program || pc->lead_token == 0 || pc->lead_token != pc->ntokens - 1)
        return 0;               /* an expression, or the name is not just before the unexpected token */
    char word[64];
    const char *starts[sizeof keywords / sizeof *keywords];
    int n = 0;
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (keywords[i].starts)
            starts[n++] = keywords[i].text;
    const char *meant = diag_suggest(text_at(word, sizeof word, pc->lead_at), starts, n);
    if (!meant)
        return 0;
    diag_error(pc->d, pc->lead_at, "unknown statement '%s'", word);
    diag_note(pc->d, NULL, "did you mean '%s'?", meant);
    return 1;
}

static int
yyreport_syntax_error(const yypcontext_t *yyctx, parse_ctx *pc)
{
    if (pc->fatal || pc->lx.bad)
        return 0;
    if (pc->quiet_once) {
        pc->quiet_once = 0;
        return 0;
    }
    enum { MAX_LISTED = 5, MAX_EXPECTED = 128 };
    yysymbol_kind_t expected[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(yyctx, expected, MAX_EXPECTED);
    yysymbol_kind_t look = yypcontext_token(yyctx);
    if (unknown_statement(pc))
        return 0;
    char what[64], list[512] = "";
    put_symbol(what, sizeof what, look, pc);
    if (pc->prev == '=' && pc->prev2 == OPTIMIZER) {
        snprintf(list, sizeof list, ", expected name");    /* `optimizer = ...` lacks the name */
    } else if (n > MAX_LISTED) {
        const char *missing = what_is_missing(expected, n);
        if (missing)
            snprintf(list, sizeof list, ", expected %s", missing);
    } else {
        size_t used = 0;
        for (int i = 0; i < n; i++) {
            char one[64];
            put_symbol(one, sizeof one, expected[i], pc);
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                     i == 0 ? ", expected " : i == n - 1 ? " or " : ", ", one);
        }
    }
    loc at = *yypcontext_location(yyctx);
    if (look == YYSYMBOL_YYEOF && pc->interp_depth > 0)
        at.end = at.off + 1;            /* the closing brace */
    diag_error(pc->d, at, "unexpected %s%s", what, list);
    const char *meant = look == YYSYMBOL_IDENT ? keyword_meant(yyctx, expected, n) : NULL;
    if (meant)
        diag_note(pc->d, NULL, "did you mean '%s'?", meant);
    return 0;
}
