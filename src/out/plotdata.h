/* plotdata.h - what `plot` draws, taken from runtime values: a run's skill
 * levels (or its loss) against its steps, or a table's numeric columns
 * against its first numeric column.  The figure's arrays live in an arena. */
#ifndef SKILL_PLOTDATA_H
#define SKILL_PLOTDATA_H

#include <stddef.h>

#include "arena.h"
#include "plot.h"
#include "value.h"

/* The axes `plot` was asked for: by default linear, but a run's loss on a
 * log y axis; `log` is a log y axis, `loglog` both, `linear` neither. */
typedef enum { PLOTDATA_DEFAULT, PLOTDATA_LOG, PLOTDATA_LOGLOG, PLOTDATA_LINEAR } plotdata_axes;

typedef struct plotdata_request {
    int loss;                   /* a run's loss instead of its levels */
    plotdata_axes axes;
    const char *title;          /* NULL: none */
} plotdata_request;

struct result;
void plotdata_result(arena *a, const struct result *r, const plotdata_request *rq, plot_figure *fig);

/* 0, or -1 with the reason in ERR when T has fewer than two numeric columns. */
int plotdata_table(arena *a, value t, const plotdata_request *rq, plot_figure *fig,
                   char *err, size_t errlen);

#endif
