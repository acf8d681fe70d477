/* plotstmt.h - the `plot` statement: its value or list of values, its
 * options evaluated, the figure built (plotdata.h) and written (plot.h). */
#ifndef SKILL_PLOTSTMT_H
#define SKILL_PLOTSTMT_H

#include "ast.h"
#include "eval.h"

/* 1 if V is something `plot` draws: a run result, a table, or a list. */
int plotstmt_drawable(value v);

/* Draws V, the value of S, into PATH (resolved by the caller): 0, or -1
 * after reporting through ev->d. */
int plotstmt_draw(eval_ctx *ev, const ast_stmt *s, value v, const char *path);

#endif
