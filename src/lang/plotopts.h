/* plotopts.h - the options of a `plot` statement, one table for the
 * checker (names, values, conflicts) and the interpreter (skill(5), plot). */
#ifndef SKILL_PLOTOPTS_H
#define SKILL_PLOTOPTS_H

typedef enum {
    PO_LOSS, PO_LOG, PO_LOGLOG, PO_LINEAR, PO_MARKERS, PO_LINES,
    PO_SERIES, PO_X, PO_Y, PO_BY, PO_ERR, PO_TITLE, PO_XLABEL, PO_YLABEL,
    PO_COUNT
} plotopt_id;

/* A word alone; a column of a table (a bare name is the column's name);
 * a run's series (a bare name is the series' name); a text. */
typedef enum { PLOTOPT_WORD, PLOTOPT_COLUMN, PLOTOPT_SERIES, PLOTOPT_TEXT } plotopt_kind;

/* Options of one group choose the same thing: at most one may be given. */
typedef enum { PLOTOPT_ALONE, PLOTOPT_AXES, PLOTOPT_STYLE, PLOTOPT_WHAT } plotopt_group;

typedef struct plotopt {
    const char *name;
    plotopt_kind kind;
    plotopt_group group;
    const char *example;        /* how it is written */
} plotopt;

/* The option called NAME, or -1. */
int plotopt_find(const char *name);
const plotopt *plotopt_at(int id);
/* Every option's name into OUT, then NULL (for "did you mean"). */
void plotopt_names(const char *out[PO_COUNT + 1]);
/* What a group chooses, for a message: "the axes". */
const char *plotopt_group_what(plotopt_group g);

#endif
