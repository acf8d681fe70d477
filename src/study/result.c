#include "result.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("skill: out of memory\n", stderr);
        abort();
    }
    return p;
}

result *result_new(const char *model, int nskills, const char **names, int with_align)
{
    result *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    r->model = model;
    r->nskills = nskills;
    r->names = names;
    r->p0 = xrealloc(NULL, (size_t)nskills * sizeof *r->p0);
    r->align = with_align ? xrealloc(NULL, sizeof *r->align) : NULL;
    return r;
}

void result_free(result *r)
{
    if (!r)
        return;
    free(r->p0);
    free(r->steps);
    free(r->loss);
    free(r->levels);
    free(r->align);
    for (int e = 0; e < r->nseries; e++)
        free(r->series[e].x);
    free(r->names);
    free(r);
}

static double *copy_of(const double *x, size_t n)
{
    if (!x)
        return NULL;
    double *c = xrealloc(NULL, n * sizeof *c);
    memcpy(c, x, n * sizeof *c);
    return c;
}

result *result_copy(const result *r)
{
    const char **names = xrealloc(NULL, ((size_t)r->nskills + 1) * sizeof *names);
    memcpy(names, r->names, (size_t)r->nskills * sizeof *names);
    result *c = result_new(r->model, r->nskills, names, 0);
    size_t rows = (size_t)r->caprec, k = (size_t)r->nskills;
    memcpy(c->p0, r->p0, k * sizeof *c->p0);
    c->nrec = r->nrec;
    c->caprec = r->caprec;
    c->steps = copy_of(r->steps, rows);
    c->loss = copy_of(r->loss, rows);
    c->levels = copy_of(r->levels, rows * k);
    c->align = copy_of(r->align, rows * k);
    c->nseries = r->nseries;
    for (int e = 0; e < r->nseries; e++) {
        c->series[e].name = r->series[e].name;
        c->series[e].x = copy_of(r->series[e].x, rows * k + 1);
    }
    return c;
}

double *result_add_row(result *r, double step, double loss, double **align)
{
    if (r->nrec == r->caprec) {
        r->caprec = r->caprec ? 2 * r->caprec : 64;
        size_t rows = (size_t)r->caprec, k = (size_t)r->nskills;
        r->steps = xrealloc(r->steps, rows * sizeof *r->steps);
        r->loss = xrealloc(r->loss, rows * sizeof *r->loss);
        r->levels = xrealloc(r->levels, rows * k * sizeof *r->levels);
        if (r->align)
            r->align = xrealloc(r->align, rows * k * sizeof *r->align);
        for (int e = 0; e < r->nseries; e++)
            r->series[e].x = xrealloc(r->series[e].x, rows * k * sizeof(double));
    }
    int row = r->nrec++;
    r->steps[row] = step;
    r->loss[row] = loss;
    if (align)
        *align = r->align ? r->align + (size_t)row * r->nskills : NULL;
    return r->levels + (size_t)row * r->nskills;
}

int result_add_series(result *r, const char *name)
{
    if (r->nseries == RESULT_MAX_SERIES || r->nrec > 0)
        abort();
    int e = r->nseries++;
    r->series[e].name = name;
    r->series[e].x = xrealloc(NULL, ((size_t)r->caprec * r->nskills + 1) * sizeof(double));
    return e;
}

double *result_series_row(result *r, int e)
{
    return r->series[e].x + (size_t)(r->nrec - 1) * r->nskills;
}

int result_find_series(const result *r, const char *name)
{
    for (int e = 0; e < r->nseries; e++)
        if (strcmp(r->series[e].name, name) == 0)
            return e;
    return -1;
}

static int column_of(const result *r, const char *prefix, const char *column, int *k)
{
    size_t n = strlen(prefix);
    if (strncmp(column, prefix, n) != 0 || column[n] != '_')
        return 0;
    *k = result_skill(r, column + n + 1);
    return *k >= 0;
}

int result_split_column(const result *r, const char *column, int *k)
{
    if (r->align && column_of(r, "align", column, k))
        return -2;
    for (int e = 0; e < r->nseries; e++)
        if (column_of(r, r->series[e].name, column, k))
            return e;
    return -1;
}

int result_skill(const result *r, const char *name)
{
    for (int k = 0; k < r->nskills; k++)
        if (strcmp(r->names[k], name) == 0)
            return k;
    return -1;
}

int result_row_at(const result *r, double step)
{
    int lo = 0, hi = r->nrec - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (r->steps[mid] == step)
            return mid;
        if (r->steps[mid] < step)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

double result_time_to(const result *r, int k, double level)
{
    for (int row = 0; row < r->nrec; row++)
        if (r->levels[(size_t)row * r->nskills + k] >= level)
            return r->steps[row];
    return NAN;
}
