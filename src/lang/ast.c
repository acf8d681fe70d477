#include "ast.h"

#include <string.h>

void ast_vec_push(arena *a, ast_vec *v, void *item)
{
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 4;
        void **items = arena_alloc(a, (size_t)cap * sizeof *items);
        if (v->n)
            memcpy(items, v->items, (size_t)v->n * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n++] = item;
}

const char *ast_op_text(ast_op op)
{
    static const char *const text[] = {
        [OP_NEG] = "-", [OP_NOT] = "not",
        [OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*", [OP_DIV] = "/",
        [OP_MOD] = "%", [OP_POW] = "^",
        [OP_EQ] = "==", [OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=",
        [OP_GT] = ">", [OP_GE] = ">=",
        [OP_AND] = "and", [OP_OR] = "or",
    };
    return text[op];
}
