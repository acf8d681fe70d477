/* plot.h - line plots drawn with cairo and written as .svg, .png or .pdf.
 *
 * The plot module sees no syntax, no IR and no runtime values: the caller
 * hands it plain series of numbers with names, the axes' scales and the
 * texts.  Output is deterministic: the same figure gives the same bytes. */
#ifndef SKILL_PLOT_H
#define SKILL_PLOT_H

#include <stddef.h>

#include "outfile.h"

typedef enum { PLOT_LINEAR, PLOT_LOG } plot_scale;

/* How colours are chosen: along viridis, first dark purple to last
 * yellow (skills, as the paper draws them; ordered groups), or distinct. */
typedef enum { PLOT_VIRIDIS, PLOT_CATEGORY } plot_palette;

/* How a series is drawn: a line through its points, a marker at each
 * point, or both. */
typedef enum { PLOT_LINE, PLOT_MARKERS, PLOT_LINE_MARKERS } plot_style;

/* Variants tell apart series of one colour and style: lines solid,
 * dashed, dotted, dash-dotted; markers circles, squares, triangles,
 * diamonds (then again). */
enum { PLOT_VARIANTS = 4 };

/* One curve, drawn through its points in the order given.  A point that
 * cannot be shown (nan, inf, or <= 0 on a log axis) is skipped and breaks
 * the line. */
typedef struct plot_series {
    const char *name;
    const double *x, *y;
    int n;
    const double *err;          /* NULL, or the half-height of an error bar at each point */
    int colour;                 /* 0 .. the figure's ncolours - 1 */
    plot_style style;
    int variant;
} plot_series;

/* A legend entry: a sample of the style in the colour (or, with colour
 * -1, in grey: an entry for a style, not a colour) and a name. */
typedef struct plot_key {
    const char *name;
    int colour;
    plot_style style;
    int variant;
} plot_key;

typedef struct plot_figure {
    const char *title, *xlabel, *ylabel;    /* NULL or "": none */
    plot_scale xscale, yscale;
    plot_palette palette;
    int ncolours;                           /* viridis is spread over this many */
    const plot_series *series;
    int nseries;
    const plot_key *keys;                   /* the legend, top to bottom; none if fewer */
    int nkeys;                              /* than two.  Past 12 coloured viridis keys, */
} plot_figure;                              /* those are a colour bar, first to last. */

/* 1 if PATH ends in an extension plot_write understands (any case). */
int plot_format_known(const char *path);

/* 0 if FIG has at least one point that can be shown; else a reason in ERR
 * and -2 when only log axes hide the finite points, -1 otherwise. */
int plot_check(const plot_figure *fig, char *err, size_t errlen);

/* Draws FIG into PATH (format by extension), written whole or not at all;
 * not at all once POLICY's cancel token is set, to nowhere if POLICY
 * discards (outfile.h; POLICY may be NULL).  0 on success; -1 with a
 * one-line reason in ERR. */
int plot_write(const plot_figure *fig, const char *path, const output_policy *policy, char *err,
               size_t errlen);

#endif
