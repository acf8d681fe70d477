/* table.h - tables as the verbs see them: a V_TABLE's columns (vectors of
 * numbers or lists of other values, all of one length), their cells, and
 * new tables made of some of their rows. */
#ifndef SKILL_TABLE_H
#define SKILL_TABLE_H

#include "value.h"

int table_nrows(value t);
int table_ncols(value t);
const char *table_name(value t, int col);
value table_column(value t, int col);
/* The column named NAME, or -1. */
int table_find(value t, const char *name);
/* The cell at (ROW, COL), retained: a number of a vector, an item of a list. */
value table_cell(value t, int row, int col);
/* The same cell, not retained: valid while T is. */
value table_peek(value t, int row, int col);
/* A new table of T's rows ROWS[0..n-1], in that order. */
value table_take(value t, const int *rows, int n);
/* A column of N cells (taking them): a vector if all are numbers, else a list. */
value table_column_of(value *cells, int n);
/* Column COL's cells at rows ROWS[0..n-1], of the column's kind. */
value table_pick(value t, int col, const int *rows, int n);
/* Orders two cells: numbers by value with NaN last, strings by their bytes,
 * skills in declaration order; values of different kinds by kind. */
int table_compare(value a, value b);
/* A new array of 0, 1, ..., N - 1 (the caller frees it). */
int *table_index(int n);
/* Sorts IDX[0..n-1] stably by CMP (a merge sort: qsort is not stable). */
void table_sort_index(int *idx, int n, int (*cmp)(int a, int b, void *ctx), void *ctx);

#endif
