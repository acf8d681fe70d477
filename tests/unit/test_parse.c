/* test_parse.c - the lexer and the parser, called directly: the tokens of
 * a small input with their kinds, values and byte spans; syntax errors'
 * places and messages, and the statements recovered after them; the
 * shapes of nested expressions (precedence, associativity, postfix
 * chains), written as s-expressions.  Exit status 0 when all pass. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "parse.h"
#include "testkit.h"

/* ---- tokens ---- */

typedef struct token {
    int kind;
    size_t off, end;
} token;

static void tokens(void)
{
    static const char text[] = "let rate = 2.5e-3 * f(x_1) # a comment\nprint \"hi\"\n";
    static const token want[] = {
        {LET, 0, 3}, {IDENT, 4, 8}, {'=', 9, 10}, {NUM, 11, 17}, {'*', 18, 19},
        {IDENT, 20, 21}, {'(', 21, 22}, {IDENT, 22, 25}, {')', 25, 26}, {NL, 38, 39},
        {PRINT, 39, 44}, {STRING, 45, 49}, {NL, 49, 50},
        {END, 49, 49},                  /* shown at the end of the last line */
    };
    source *src = source_from_string("tok.skill", text, strlen(text));
    arena *a = arena_new();
    diag d;
    diag_init(&d, stderr);
    lexer lx = {src, src->text, 0, src->text, NULL, a, &d, 0};
    size_t n = sizeof want / sizeof *want, i = 0;
    for (; i < n; i++) {
        YYSTYPE val;
        loc at;
        int kind = lexer_next(&lx, &val, &at);
        CHECK(kind == want[i].kind && at.off == want[i].off && at.end == want[i].end,
              "token %zu: kind %d at [%zu, %zu), want %d at [%zu, %zu)", i, kind, at.off, at.end,
              want[i].kind, want[i].off, want[i].end);
        if (kind == NUM)
            CHECK(val.num == 2.5e-3, "the number is %g", val.num);
        if (i == 1)
            CHECK(kind == IDENT && strcmp(val.str, "rate") == 0, "the name is '%s'", val.str);
        if (kind == PRINT)
            CHECK(source_line(src, at.off) == 2 && source_column(src, at.off) == 1,
                  "print at %d:%d", source_line(src, at.off), source_column(src, at.off));
        if (kind == END)
            break;
    }
    CHECK(i == n - 1 && d.nerrors == 0, "%zu tokens, %d errors", i + 1, d.nerrors);
    arena_free(a);
    source_free(src);
}

/* ---- syntax errors ---- */

/* Parses TEXT as a program; returns the messages and sets *NSTMTS and
 * *NERRORS. */
static char *parse_messages(const char *text, int *nstmts, int *nerrors)
{
    source *src = source_from_string("t.skill", text, strlen(text));
    arena *a = arena_new();
    char *msgs = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&msgs, &len);
    diag d;
    diag_init(&d, m);
    ast_program *prog = parse_program(src, a, &d);
    fclose(m);
    *nstmts = prog ? prog->stmts.n : -1;
    *nerrors = d.nerrors;
    arena_free(a);
    source_free(src);
    return msgs;
}

static void syntax_errors(void)
{
    static const struct { const char *text, *want; int nstmts; } cases[] = {
        {"let x = 1 +\nskill\n",
         "t.skill:2:1: error: unexpected 'skill', expected an expression\n"
         " 2 | skill\n"
         "   | ^~~~~\n", 0},
        {"skill A freq (1 + 2\nprint 3\nlet y = 2\n",
         "t.skill:1:14: error: '(' is never closed\n"
         " 1 | skill A freq (1 + 2\n"
         "   |              ^\n"
         "t.skill:2:1: note: the next statement begins here\n"
         " 2 | print 3\n"
         "   | ^~~~~\n", 2},
        {"print 1 && 2\n",
         "t.skill:1:9: error: unexpected '&&'\n"
         " 1 | print 1 && 2\n"
         "   |         ^~\n"
         "hint: logical operators are written 'and' and 'or'\n", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int nstmts, nerrors;
        char *msgs = parse_messages(cases[i].text, &nstmts, &nerrors);
        CHECK(nerrors == 1, "case %zu: %d errors", i, nerrors);
        CHECK(strcmp(msgs, cases[i].want) == 0, "case %zu: got\n%s", i, msgs);
        CHECK(nstmts == cases[i].nstmts, "case %zu: %d statements recovered, want %d", i, nstmts,
              cases[i].nstmts);
        free(msgs);
    }
}

/* ---- expression shapes ---- */

static void write_expr(FILE *f, const ast_expr *e);

static void write_args(FILE *f, const ast_vec *args)
{
    for (int i = 0; i < args->n; i++) {
        const ast_setting *s = args->items[i];
        fputc(' ', f);
        if (s->key)
            fprintf(f, "%s:", s->key);
        write_expr(f, s->value);
    }
}

static void write_expr(FILE *f, const ast_expr *e)
{
    switch (e->kind) {
    case E_NUM: fprintf(f, "%g", e->u.num); return;
    case E_NAME: fputs(e->u.name, f); return;
    case E_BOOL: fputs(e->u.boolean ? "true" : "false", f); return;
    case E_STR: fprintf(f, "str/%d", e->u.str.parts.n); return;
    case E_UNARY: fprintf(f, "(%s ", ast_op_text(e->u.op.op)); write_expr(f, e->u.op.a); break;
    case E_BINARY:
        fprintf(f, "(%s ", ast_op_text(e->u.op.op));
        write_expr(f, e->u.op.a);
        fputc(' ', f);
        write_expr(f, e->u.op.b);
        break;
    case E_IF:
        fputs("(if ", f);
        write_expr(f, e->u.cond.cond);
        fputc(' ', f);
        write_expr(f, e->u.cond.then);
        fputc(' ', f);
        write_expr(f, e->u.cond.els);
        break;
    case E_CALL: fputs("(call ", f); write_expr(f, e->u.call.fn); write_args(f, &e->u.call.args); break;
    case E_INDEX:
        fputs("(index ", f);
        write_expr(f, e->u.index.obj);
        fputc(' ', f);
        write_expr(f, e->u.index.index);
        break;
    case E_MEMBER: fputs("(. ", f); write_expr(f, e->u.member.obj); fprintf(f, " %s", e->u.member.name); break;
    case E_RANGE:
        fputs("(.. ", f);
        write_expr(f, e->u.range.lo);
        fputc(' ', f);
        write_expr(f, e->u.range.hi);
        if (e->u.range.by) {
            fputs(" by ", f);
            write_expr(f, e->u.range.by);
        }
        break;
    case E_LIST:
        fputs("[", f);
        for (int i = 0; i < e->u.list.items.n; i++) {
            fputs(i ? " " : "", f);
            write_expr(f, e->u.list.items.items[i]);
        }
        fputs("]", f);
        return;
    default: fprintf(f, "<kind %d>", (int)e->kind); return;
    }
    fputc(')', f);
}

/* The shape of TEXT parsed as one expression, or NULL after an error;
 * *AT gets its span. */
static char *shape(const char *text, loc *at)
{
    source *src = source_from_string("e", text, strlen(text));
    arena *a = arena_new();
    FILE *sink = fopen("/dev/null", "w");
    diag d;
    diag_init(&d, sink);
    ast_expr *e = parse_expression(src, 0, src->len, a, &d);
    char *out = NULL;
    size_t len = 0;
    if (e && d.nerrors == 0) {
        FILE *f = open_memstream(&out, &len);
        write_expr(f, e);
        fclose(f);
        *at = e->at;
    }
    fclose(sink);
    arena_free(a);
    source_free(src);
    return out;
}

static void expression_shapes(void)
{
    static const struct { const char *text, *want; } cases[] = {
        {"1 + 2 * 3", "(+ 1 (* 2 3))"},
        {"(1 + 2) * 3", "(* (+ 1 2) 3)"},
        {"a - b - c", "(- (- a b) c)"},
        {"2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"},
        {"-2 ^ 2", "(- (^ 2 2))"},
        {"2 ^ -x", "(^ 2 (- x))"},
        {"not a and b or c", "(or (and (not a) b) c)"},
        {"a + 1 < b * 2 == false", ""},         /* comparisons do not chain */
        {"if a < 1 then 0 else 1 + t", "(if (< a 1) 0 (+ 1 t))"},
        {"f(x, y: 2)[i - 1].loss", "(. (index (call f x y:2) (- i 1)) loss)"},
        {"1..n by 2", "(.. 1 n by 2)"},
        {"[1, -u, g(u)^0.5]", "[1 (- u) (^ (call g u) 0.5)]"},
        {"zipf(1) * (1 - u) ^ gamma % 3", "(% (* (call zipf 1) (^ (- 1 u) gamma)) 3)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        loc at = {0};
        char *got = shape(cases[i].text, &at);
        if (!*cases[i].want) {
            CHECK(got == NULL, "'%s' parses as %s; want a syntax error", cases[i].text, got);
        } else {
            CHECK(got && strcmp(got, cases[i].want) == 0, "'%s' parses as %s, want %s", cases[i].text,
                  got ? got : "an error", cases[i].want);
            CHECK(at.off == 0 && at.end == strlen(cases[i].text), "'%s' spans [%zu, %zu)",
                  cases[i].text, at.off, at.end);
        }
        free(got);
    }
}

int main(void)
{
    tokens();
    syntax_errors();
    expression_shapes();
    if (failures)
        printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
