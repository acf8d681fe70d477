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
    free(r->names);
    free(r);
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
    }
    int row = r->nrec++;
    r->steps[row] = step;
    r->loss[row] = loss;
    if (align)
        *align = r->align ? r->align + (size_t)row * r->nskills : NULL;
    return r->levels + (size_t)row * r->nskills;
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
