/* value.h - runtime values of the interpreter.  Numbers, booleans and
 * references to declared things are immediate; strings, vectors, matrices,
 * lists, functions and records live on the heap with a reference count. */
#ifndef SKILL_VALUE_H
#define SKILL_VALUE_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
    V_NONE, V_NUM, V_BOOL, V_STR, V_VEC, V_MATRIX, V_LIST,
    V_SKILL, V_MODEL, V_OPT, V_FUNC, V_SYMBOL, V_RECORD, V_RESULT,
    V_TABLE                     /* a record whose fields are columns of one length */
} value_kind;

typedef struct vobj vobj;

typedef struct value {
    value_kind kind;
    union {
        double num;             /* NUM, BOOL (0/1) */
        int index;              /* SKILL MODEL OPT: index into the IR's tables */
        const char *sym;        /* SYMBOL: a bare word, e.g. `orthogonal` */
        vobj *obj;              /* STR VEC MATRIX LIST FUNC RECORD RESULT */
    } u;
} value;

struct ast_stmt;
struct ast_expr;

struct vobj {
    int refs;
    union {
        struct { char *text; size_t len; } str;
        struct { double *x; int n; } vec;
        struct { double *x; int rows, cols; } mat;
        struct { value *items; int n; } list;
        struct {
            const struct ast_stmt *def;     /* a `def`, or NULL for a builtin */
            const char *builtin;
            value *bound;                   /* leading arguments already given */
            int nbound;
        } fn;
        struct { const char **keys; value *vals; int n; } rec;
        struct result *res;
    } u;
};

value value_num(double x);
value value_bool(int b);
value value_str(const char *text, size_t len);
value value_vec(int n);                 /* zero-filled */
value value_matrix(int rows, int cols);
value value_list(int n);                /* items V_NONE */
value value_func(const struct ast_stmt *def, const char *builtin, const value *bound, int nbound);
value value_record(int n);
value value_table(int ncolumns);        /* keys and columns set by the caller */
value value_result(struct result *r);     /* takes ownership */

value value_retain(value v);
void value_release(value v);

const char *value_kind_name(value_kind k);
int value_is_number(value v);           /* NUM or BOOL */
double value_number(value v);
int value_truthy(value v);

#endif
