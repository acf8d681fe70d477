#include "parse.h"

#include <ctype.h>
#include <string.h>

#include "lex.h"
#include "parser.h"

int yyparse(parse_ctx *pc);

/* Interpolations nest ("{f("{x}")}"); each level is a parser frame. */
enum { MAX_INTERPOLATION_DEPTH = 8 };


static ast_expr *parse_nested(const source *src, size_t off, size_t end, arena *a, diag *d,
                              int depth);

static void ctx_init(parse_ctx *pc, const source *src, const char *buf, size_t base,
                     arena *a, diag *d, int start)
{
    memset(pc, 0, sizeof *pc);
    pc->lx.src = src;
    pc->lx.buf = buf;
    pc->lx.base = base;
    pc->lx.cur = buf;
    pc->lx.a = a;
    pc->lx.d = d;
    pc->a = a;
    pc->d = d;
    pc->start_token = start;
    pc->prev = NL;
}

/* After these tokens a newline cannot end the statement. */
static int continues(int tok)
{
    switch (tok) {
    case NL: case ';': case '{': case ',': case '=': case ':': case '(': case '[':
    case '+': case '-': case '*': case '/': case '%': case '^': case '<': case '>':
    case EQ: case NE: case LE: case GE: case ARROW: case DOTDOT:
    case AND: case OR: case NOT: case IF: case THEN: case ELSE: case BY: case IN:
    case WITH: case FOR: case EVERY: case TO: case VARY: case NEEDS: case FREQ:
    case WHERE: case GROUP: case SORT: case SELECT: case JOIN:
        return 1;
    default:
        return 0;
    }
}

/* Where the next line that is not blank or a comment begins, if it begins
 * with a table verb (`where`, `sort`, ...), else NULL.  Such a line
 * continues the expression before it: a pipeline of verbs may be written
 * one verb a line. */
static const char *verb_on_next_line(const char *p)
{
    static const char *const verbs[] = {"where", "group", "sort", "select", "join", "with"};
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p != '#')
            break;
        while (*p && *p != '\n')
            p++;
    }
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
        size_t n = strlen(verbs[i]);
        const char *q = p + n;
        if (strncmp(p, verbs[i], n) == 0 && !isalnum((unsigned char)*q) && *q != '_') {
            while (*q == ' ' || *q == '\t')
                q++;
            return *q != '=' ? p : NULL;    /* not a key named like a verb */
        }
    }
    return NULL;
}

/* Whether the newline just read continues the expression before it, as a
 * verb follows it.  The verb found is remembered, so that the blank lines
 * and comments before it are scanned once, not once a line. */
static int verb_follows(parse_ctx *pc)
{
    if (pc->verb_ahead && pc->lx.cur <= pc->verb_ahead)
        return 1;
    pc->verb_ahead = verb_on_next_line(pc->lx.cur);
    return pc->verb_ahead != NULL;
}

static int track_nesting(parse_ctx *pc, int tok, loc at)
{
    if (tok == '(' || tok == '[' || tok == '{') {
        if (pc->nnest == LEX_MAX_NEST) {
            diag_error(pc->d, at, "brackets nested too deeply (more than %d levels)", LEX_MAX_NEST);
            diag_hint(pc->d, "split the expression with 'let' or 'def'");
            pc->fatal = 1;
            return END;
        }
        int model = tok == '{' && pc->prev == IDENT &&
                    (pc->prev2 == RESOURCE || pc->prev2 == GEOMETRY || pc->prev2 == DOMINO ||
                     pc->prev2 == NETWORK || pc->prev2 == QUANTA);
        pc->nest_loc[pc->nnest] = at;
        pc->nest[pc->nnest++] = model ? 'm' : (char)tok;
        pc->model_comma_reported &= !model;
    } else if ((tok == ')' || tok == ']' || tok == '}') && pc->nnest > 0) {
        pc->nnest--;
    }
    return tok;
}

/* Keywords that only begin statements.  Met inside ( or [, they mean a
 * bracket was left open: the statement is cut there, so one missing ')'
 * yields one error rather than swallowing the rest of the file. */
static int starts_statement(int tok, char bracket)
{
    switch (tok) {
    case PARAM: case SKILL: case RESOURCE: case GEOMETRY: case DOMINO: case NETWORK: case QUANTA: case DEF:
    case IMPORT: case LET: case PRINT: case SAVE: case PLOT:
        return 1;
    case RUN: case SWEEP: case FIT: case GRAPH: case ROW:   /* expressions, or keys */
        return bracket == 'm';
    default:
        return 0;
    }
}

/* Statements are cut at a statement keyword inside ( or [, or at the start
 * of a line inside a model's braces ('m'), where only `key = value` may
 * stand; a sweep's braces ('{') hold statements. */
static int cut_open_brackets(parse_ctx *pc, int tok, const YYSTYPE *val, loc at)
{
    if (pc->nnest == 0)
        return 0;
    char top = pc->nest[pc->nnest - 1];
    if (!starts_statement(tok, top))
        return 0;
    if (top == '{' || (top == 'm' && !pc->line_start))
        return 0;
    loc open = pc->nest_loc[pc->nnest - 1];
    diag_error(pc->d, open, "'%c' is never closed", top == 'm' ? '{' : top);
    diag_note(pc->d, &at, "the next statement begins here");
    pc->pending_val = *val;
    pc->pending_loc = at;
    if (top == 'm') {           /* close the model's braces for it: no further error */
        pc->nnest--;
        pc->pending[0] = tok;
        pc->pending[1] = NL;
        pc->npending = 2;
        return '}';
    }
    pc->quiet_once = 1;         /* the statement is left unfinished: say so only once */
    while (pc->nnest > 0 && pc->nest[pc->nnest - 1] != '{' && pc->nest[pc->nnest - 1] != 'm')
        pc->nnest--;
    pc->pending[0] = tok;
    pc->npending = 1;
    return NL;
}

/* A ',' between a model's settings (`{ eta = 0.01, N0 = 0.1 }`) is
 * reported once per model and read as ';', so the settings after it
 * parse and give no errors of their own. */
static int comma_in_model(parse_ctx *pc, int tok, loc at)
{
    if (tok != ',' || pc->nnest == 0 || pc->nest[pc->nnest - 1] != 'm')
        return tok;
    if (!pc->model_comma_reported) {
        diag_error(pc->d, at, "unexpected ',' between settings");
        diag_hint(pc->d, "separate settings with ';' or a new line");
        pc->model_comma_reported = 1;
    }
    return ';';
}

/* Records TOK as the token passed to the parser, and where a name begins
 * a statement (at top level or in a sweep's braces, not in a model's). */
static int pass_token(parse_ctx *pc, int tok, loc at)
{
    char top = pc->nnest ? pc->nest[pc->nnest - 1] : 0;
    pc->ntokens++;
    if (tok == IDENT && (pc->prev == NL || pc->prev == ';' || pc->prev == '{') && top != 'm') {
        pc->lead_token = pc->ntokens;
        pc->lead_at = at;
    }
    pc->prev2 = pc->prev;
    pc->prev = tok;
    return tok;
}

int yylex(YYSTYPE *val, loc *at, parse_ctx *pc)
{
    if (pc->npending) {
        int tok = pc->pending[--pc->npending];
        *at = pc->pending_loc;
        if (tok == NL)
            at->end = at->off;
        else
            *val = pc->pending_val;
        pc->line_start = 0;
        return pass_token(pc, tok, *at);
    }
    if (pc->start_token) {
        int tok = pc->start_token;
        pc->start_token = 0;
        at->src = pc->lx.src;
        at->off = at->end = pc->lx.base;
        return tok;
    }
    for (;;) {
        if (pc->fatal) {
            at->src = pc->lx.src;
            at->off = at->end = pc->lx.base + (size_t)(pc->lx.cur - pc->lx.buf);
            return END;
        }
        int tok = lexer_next(&pc->lx, val, at);
        if (tok == NL) {
            pc->line_start = 1;
            char top = pc->nnest ? pc->nest[pc->nnest - 1] : 0;
            if (top == '(' || top == '[' || continues(pc->prev) ||
                (top != 'm' && verb_follows(pc)))
                continue;
        }
        int inserted = cut_open_brackets(pc, tok, val, *at);
        if (inserted) {
            at->end = at->off;
            return pass_token(pc, inserted, *at);
        }
        pc->line_start = tok == NL || tok == ';';
        tok = track_nesting(pc, comma_in_model(pc, tok, *at), *at);
        return pass_token(pc, tok, *at);
    }
}

void yyerror(const loc *at, parse_ctx *pc, const char *msg)
{
    if (pc->fatal)
        return;
    if (strcmp(msg, "memory exhausted") == 0) {
        diag_error(pc->d, *at, "input nested too deeply for the parser");
        diag_hint(pc->d, "split the expression with 'let' or 'def'");
        pc->fatal = 1;
        return;
    }
    diag_error(pc->d, *at, "%s", msg);
}

ast_expr *ast_new_expr(parse_ctx *pc, ast_expr_kind kind, loc at)
{
    ast_expr *e = arena_alloc(pc->a, sizeof *e);
    e->kind = kind;
    e->at = at;
    e->depth = 1;
    return e;
}

void ast_set_depth(parse_ctx *pc, ast_expr *e, int child_depth)
{
    e->depth = child_depth + 1;
    if (e->depth <= AST_MAX_DEPTH)
        return;
    if (!pc->deep_reported) {
        diag_error(pc->d, e->at, "expression nested too deeply (more than %d levels)", AST_MAX_DEPTH);
        diag_hint(pc->d, "split the expression with 'let' or 'def'");
        pc->deep_reported = 1;
    }
    e->kind = E_ERROR;
    e->depth = 1;
}

ast_stmt *ast_new_stmt(parse_ctx *pc, ast_stmt_kind kind, loc at)
{
    ast_stmt *s = arena_alloc(pc->a, sizeof *s);
    s->kind = kind;
    s->at = at;
    return s;
}

static loc loc_at(const source *src, size_t off, size_t end)
{
    loc at = {src, off, end};
    return at;
}

/* The offset just past the '}' closing an interpolation opened at OPEN. */
static size_t interpolation_end(const char *raw, size_t open, size_t len)
{
    int depth = 0, in_string = 0;
    for (size_t i = open; i < len; i++) {
        char c = raw[i];
        if (c == '\\' && i + 1 < len)
            i++;
        else if (c == '"')
            in_string = !in_string;
        else if (!in_string && c == '{')
            depth++;
        else if (!in_string && c == '}' && --depth == 0)
            return i + 1;
    }
    return 0;
}

static void push_text(parse_ctx *pc, ast_expr *e, const char *text, size_t n)
{
    ast_strpart *part = arena_alloc(pc->a, sizeof *part);
    part->text = arena_strndup(pc->a, text, n);
    ast_vec_push(pc->a, &e->u.str.parts, part);
}

static char escape_char(char c)
{
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case '"': case '\\': case '{': case '}': return c;
    default: return 0;
    }
}

ast_expr *ast_string(parse_ctx *pc, const char *raw, loc at)
{
    if (!raw)
        return ast_new_expr(pc, E_ERROR, at);
    ast_expr *e = ast_new_expr(pc, E_STR, at);
    size_t len = strlen(raw), body = at.off + 1;
    char *text = arena_alloc(pc->a, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (raw[i] == '\\') {
            char c = escape_char(raw[i + 1]);
            if (!c) {
                diag_error(pc->d, loc_at(at.src, body + i, body + i + 2), "unknown escape '\\%c' in string", raw[i + 1]);
                diag_hint(pc->d, "the escapes are \\\" \\\\ \\n \\t \\{ \\}");
            }
            text[n++] = c ? c : raw[i + 1];
            i++;
            continue;
        }
        if (raw[i] != '{') {
            text[n++] = raw[i];
            continue;
        }
        size_t close = interpolation_end(raw, i, len);
        if (close == 0) {
            diag_error(pc->d, loc_at(at.src, body + i, body + i + 1), "'{' in a string is never closed");
            diag_hint(pc->d, "end the interpolation with '}'; write a literal brace as \\{");
            break;
        }
        if (n)
            push_text(pc, e, text, n);
        n = 0;
        ast_strpart *part = arena_alloc(pc->a, sizeof *part);
        part->expr = parse_nested(at.src, body + i + 1, body + close - 1, pc->a, pc->d,
                                  pc->interp_depth + 1);
        if (!part->expr)
            part->expr = ast_new_expr(pc, E_ERROR, loc_at(at.src, body + i, body + close));
        ast_vec_push(pc->a, &e->u.str.parts, part);
        i = close - 1;
    }
    if (n || e->u.str.parts.n == 0)
        push_text(pc, e, text, n);
    return e;
}

/* The offset of the first byte that breaks UTF-8 (or LEN if none does). */
static size_t utf8_invalid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned c = u[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || (n == 2 && c < 0xC2) || i + n > len)
            return i;
        for (size_t k = 1; k < n; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return i;
        i += n;
    }
    return len;
}

ast_program *parse_program(const source *src, arena *a, diag *d)
{
    ast_program *prog = arena_alloc(a, sizeof *prog);
    const char *nul = memchr(src->text, '\0', src->len);
    if (nul) {
        size_t off = (size_t)(nul - src->text);
        diag_error_bare(d, loc_at(src, off, off + 1), "this file contains a NUL byte; is it a binary file?");
        return prog;
    }
    size_t bad = utf8_invalid(src->text, src->len);
    if (bad < src->len) {
        diag_error_bare(d, loc_at(src, bad, bad + 1), "this file is not UTF-8 text (byte 0x%02X)",
                        (unsigned char)src->text[bad]);
        diag_hint(d, "convert it with iconv, e.g. iconv -f latin1 -t utf-8");
        return prog;
    }
    size_t skip = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    parse_ctx pc;
    ctx_init(&pc, src, src->text + skip, skip, a, d, START_PROGRAM);
    pc.program = prog;
    yyparse(&pc);
    return prog;
}

static ast_expr *parse_nested(const source *src, size_t off, size_t end, arena *a, diag *d,
                              int depth)
{
    if (depth > MAX_INTERPOLATION_DEPTH) {
        diag_error(d, loc_at(src, off, end), "string interpolations nested too deeply");
        return NULL;
    }
    int before = d->nerrors;
    parse_ctx pc;
    ctx_init(&pc, src, arena_strndup(a, src->text + off, end - off), off, a, d, START_EXPR);
    pc.interp_depth = depth;
    yyparse(&pc);
    return d->nerrors == before ? pc.expr : NULL;
}

ast_expr *parse_expression(const source *src, size_t off, size_t end, arena *a, diag *d)
{
    return parse_nested(src, off, end, a, d, 0);
}
