/* lexer.re - tokens of a .skill file (re2c).
 * Numbers drop their '_' separators; identifiers are looked up in the
 * keyword table; a string's body is scanned by hand because `{expr}`
 * interpolations may themselves contain strings and braces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"
#include "lex.h"
#include "parser.h"

typedef struct keyword {
    const char *text;
    int token;
} keyword;

static const keyword keywords[] = {
#define KW(text, token, starts) {text, token},
    SKILL_KEYWORDS(KW)
#undef KW
};

static int keyword_token(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strlen(keywords[i].text) == n && memcmp(keywords[i].text, s, n) == 0)
            return keywords[i].token;
    return IDENT;
}

static loc here(const lexer *lx)
{
    loc at = {lx->src, lx->base + (size_t)(lx->tok - lx->buf),
              lx->base + (size_t)(lx->cur - lx->buf)};
    return at;
}

/* End of input is shown at the end of the last line, not on a line after it. */
static loc end_of_input(const lexer *lx)
{
    size_t off = lx->base + (size_t)(lx->cur - lx->buf);
    if (off > 0 && off == lx->src->len && lx->src->text[off - 1] == '\n')
        off--;
    loc at = {lx->src, off, off};
    return at;
}

static double number_value(const char *s, size_t n)
{
    char small[64], *buf = n < sizeof small ? small : malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '_')
            buf[k++] = s[i];
    buf[k] = '\0';
    double v = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return v;
}

/* Scans a string body after the opening quote, through braces and nested
 * strings; returns 0 at an unterminated string (cur left at its end). */
static int scan_string(lexer *lx)
{
    int depth = 0;
    for (;;) {
        char c = *lx->cur;
        if (c == '\0' || (c == '\n' && depth == 0))
            return 0;
        lx->cur++;
        if (c == '\\' && *lx->cur && *lx->cur != '\n')
            lx->cur++;
        else if (c == '{')
            depth++;
        else if (c == '}' && depth > 0)
            depth--;
        else if (c == '"' && depth == 0)
            return 1;
        else if (c == '"' && !scan_string(lx))
            return 0;
    }
}

/* The string as if braces were text: a '{' left open inside it is then
 * reported by the parser as never closed, not the string as unterminated. */
static int scan_plain_string(lexer *lx)
{
    for (;;) {
        char c = *lx->cur;
        if (c == '\0' || c == '\n')
            return 0;
        lx->cur++;
        if (c == '\\' && *lx->cur && *lx->cur != '\n')
            lx->cur++;
        else if (c == '"')
            return 1;
    }
}

static void bad_char(lexer *lx, loc at)
{
    lx->bad = 1;
    unsigned char c = (unsigned char)*lx->tok;
    if (c >= 0x20 && c < 0x7F)
        diag_error(lx->d, at, "unexpected character '%c'", c);
    else
        diag_error(lx->d, at, "unexpected byte 0x%02X", c);
    if (c == '!')
        diag_hint(lx->d, "logical negation is written 'not'; inequality is '!='");
    else if (c == '&' || c == '|')
        diag_hint(lx->d, "logical operators are written 'and' and 'or'");
    else if (c == '\'')
        diag_hint(lx->d, "strings are written in double quotes");
}

int lexer_next(lexer *lx, YYSTYPE *val, loc *at)
{
    for (;;) {
        lx->tok = lx->cur;
        const char *marker = lx->cur;
        (void)marker;
/*!re2c
        re2c:api = default;
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = "lx->cur";
        re2c:define:YYMARKER = "marker";
        re2c:yyfill:enable = 0;
        re2c:flags:utf-8 = 0;

        digits = [0-9] [0-9_]*;
        number = digits ("." [0-9] [0-9_]*)? ([eE] [+-]? digits)?;
        ident  = [A-Za-z_] [A-Za-z0-9_]*;

        "\x00"          { lx->cur--; *at = end_of_input(lx); return END; }
        [ \t\r\f\v]+    { continue; }
        "#" [^\n\x00]*  { continue; }
        "\n"            { *at = here(lx); return NL; }
        number          { *at = here(lx); val->num = number_value(lx->tok, (size_t)(lx->cur - lx->tok)); return NUM; }
        "&&" | "||"     {
                            *at = here(lx);
                            lx->bad = 1;
                            diag_error(lx->d, *at, "unexpected '%.2s'", lx->tok);
                            diag_hint(lx->d, "logical operators are written 'and' and 'or'");
                            continue;
                        }
        ident           {
                            *at = here(lx);
                            size_t n = (size_t)(lx->cur - lx->tok);
                            if (n > MAX_NAME) {
                                lx->bad = 1;
                                diag_error(lx->d, *at, "a name of %zu characters; names have at most %d",
                                           n, MAX_NAME);
                                n = MAX_NAME;
                            }
                            val->str = arena_strndup(lx->a, lx->tok, n);
                            return keyword_token(lx->tok, n);
                        }
        "\""            {
                            const char *body = lx->cur;
                            if (!scan_string(lx) && (lx->cur = body, !scan_plain_string(lx))) {
                                *at = here(lx);
                                diag_error(lx->d, *at, "unterminated string");
                                diag_hint(lx->d, "close it with '\"' on the same line; write a newline as \\n");
                                val->str = NULL;
                                return STRING;
                            }
                            *at = here(lx);
                            val->str = arena_strndup(lx->a, lx->tok + 1, (size_t)(lx->cur - lx->tok) - 2);
                            return STRING;
                        }
        "->"            { *at = here(lx); return ARROW; }
        ".."            { *at = here(lx); return DOTDOT; }
        "=="            { *at = here(lx); return EQ; }
        "!="            { *at = here(lx); return NE; }
        "<="            { *at = here(lx); return LE; }
        ">="            { *at = here(lx); return GE; }
        [-+*/%^()[\]{},;:.=<>] { *at = here(lx); return (unsigned char)*lx->tok; }
        [\xC0-\xF7] [\x80-\xBF]* {
                            *at = here(lx);
                            lx->bad = 1;
                            diag_error(lx->d, *at, "unexpected character '%.*s'",
                                       (int)(lx->cur - lx->tok), lx->tok);
                            diag_hint(lx->d, "names are ASCII letters, digits and '_'");
                            continue;
                        }
        *               { *at = here(lx); bad_char(lx, *at); continue; }
*/
    }
}
