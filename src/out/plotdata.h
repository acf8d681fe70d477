/* plotdata.h - what `plot` draws, taken from runtime values: runs' skill
 * levels (or loss, or another recorded series) against their steps, and
 * tables' columns against one of them, one curve a column or a group of
 * rows; one value as the first version of `plot` drew it, or several on
 * one figure, data as markers and theories as lines (skill(5), plot).
 * The figure's arrays live in an arena. */
#ifndef SKILL_PLOTDATA_H
#define SKILL_PLOTDATA_H

#include <stddef.h>

#include "arena.h"
#include "plot.h"
#include "value.h"

/* The axes `plot` was asked for: by default linear, but a run's loss on a
 * log y axis; `log` is a log y axis, `loglog` both, `linear` neither. */
typedef enum { PLOTDATA_DEFAULT, PLOTDATA_LOG, PLOTDATA_LOGLOG, PLOTDATA_LINEAR } plotdata_axes;

/* `markers` or `lines` for every curve; by default as the value's kind. */
typedef enum { PLOTDATA_AS_KIND, PLOTDATA_MARKERS, PLOTDATA_LINES } plotdata_style;

/* A table's column an option chooses: by name, or as values given
 * instead (a vector or list, one a row; LABEL names them). */
typedef struct plotdata_column {
    const char *name;           /* NULL with values V_NONE: not chosen */
    value values;
    const char *label;
} plotdata_column;

/* The options whose value an error can be about. */
typedef enum { PD_AT_ITEM, PD_AT_X, PD_AT_Y, PD_AT_BY, PD_AT_ERR, PD_AT_SERIES } plotdata_at;

typedef struct plotdata_request {
    int loss;                   /* a run's loss instead of its levels */
    const char *series;         /* a run's recorded series ("align", "test_acc"); NULL: levels */
    plotdata_axes axes;
    plotdata_style style;
    const char *title, *xlabel, *ylabel;    /* NULL: as the values say */
    plotdata_column x, y, by, err;          /* a table's */
} plotdata_request;

/* A value to draw: a run result or a table. */
typedef struct plotdata_item {
    value v;
    const char *name;           /* its legend entry in a list */
    int theory;                 /* a run of a theory model: lines in a list */
} plotdata_item;

typedef struct plotdata_error {
    char text[512], note[128], hint[256];   /* "" when there is none */
    int item;                   /* the item at fault */
    plotdata_at at;             /* the option at fault, or the item itself */
} plotdata_error;

/* The figure of NITEMS items: one drawn as ever when not LISTED, or the
 * items of a list on one figure.  0, or -1 with E filled in. */
int plotdata_build(arena *a, const plotdata_item *items, int nitems, int listed,
                   const plotdata_request *rq, plot_figure *fig, plotdata_error *e);

#endif
