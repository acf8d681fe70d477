/* lex.h - the lexer (grammar/lexer.re) and the state it shares with the
 * Bison parser (grammar/parser.y); private to the front end. */
#ifndef SKILL_LEX_H
#define SKILL_LEX_H

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "source.h"
#include "parser.h"

/* Brackets deeper than this are refused before they can exhaust the parser
 * stack; expressions deeper than AST_MAX_DEPTH likewise, so that every later
 * recursive walk over the tree stays far from the C stack's limit. */
enum { LEX_MAX_NEST = 256, AST_MAX_DEPTH = 1000, MAX_NAME = 256 };

typedef struct lexer {
    const source *src;
    const char *buf;            /* NUL-terminated; buf[0] is source offset base */
    size_t base;
    const char *cur, *tok;
    arena *a;
    diag *d;
    int bad;                    /* a bad token in this statement: its syntax errors are noise */
} lexer;

typedef struct parse_ctx {
    lexer lx;
    arena *a;
    diag *d;
    int start_token;            /* emitted once before the first real token */
    int prev;                   /* the previous token passed to the parser */
    int prev2;                  /* and the one before it */
    int ntokens;                /* tokens passed to the parser so far */
    int lead_token;             /* the number of the latest name that began a statement */
    loc lead_at;                /* and its place (for "unknown statement") */
    char nest[LEX_MAX_NEST];    /* open brackets: '(' '[' '{' */
    loc nest_loc[LEX_MAX_NEST];
    int quiet_once;             /* the next syntax error was already explained */
    int line_start;             /* the previous token ended a line */
    int nnest;
    int model_comma_reported;   /* a ',' between this model's settings was reported */
    int fatal;                  /* stop: the rest of the input cannot be trusted */
    int pending[2];             /* tokens held back behind an inserted one */
    int npending;
    YYSTYPE pending_val;        /* the value of the last held token */
    loc pending_loc;
    int interp_depth;           /* how deep in string interpolations */
    int deep_reported;          /* a too-deep error was given in this statement */
    const char *verb_ahead;     /* a table verb found beginning a line ahead, or NULL */
    ast_program *program;
    ast_expr *expr;
} parse_ctx;

/* Decodes the raw token in [cur, ...) and returns its Bison token kind;
 * sets *val and *at.  Comments and spaces are skipped; newlines and ';'
 * are returned (the parser's yylex decides which newlines matter). */
int lexer_next(lexer *lx, YYSTYPE *val, loc *at);

/* Node constructors used by the grammar's actions; they bound the depth. */
ast_expr *ast_new_expr(parse_ctx *pc, ast_expr_kind kind, loc at);
void ast_set_depth(parse_ctx *pc, ast_expr *e, int child_depth);
ast_stmt *ast_new_stmt(parse_ctx *pc, ast_stmt_kind kind, loc at);
ast_expr *ast_string(parse_ctx *pc, const char *raw, loc at);

#endif
