/* termchart.h - a run's skill curves drawn in a terminal: each skill's
 * level (0 to 1) against the recorded steps, in braille dots (2 x 4 dots a
 * character), one colour a skill when colour is allowed, a number on each
 * curve where it first reaches half its final level, and a legend. */
#ifndef SKILL_TERMCHART_H
#define SKILL_TERMCHART_H

#include <stdio.h>

#include "result.h"

enum { TERMCHART_MAX_CURVES = 8 };

typedef enum { TC_PLAIN, TC_256, TC_TRUECOLOUR } termchart_colour;

typedef struct termchart_style {
    int width, height;          /* the plotting area, in characters */
    termchart_colour colour;
} termchart_style;

/* The style for OUT: its terminal's width (60 columns when it is not a
 * terminal), colour only on a terminal without NO_COLOR or TERM=dumb,
 * truecolour when COLORTERM says so. */
termchart_style termchart_style_for(FILE *out);

/* Chooses up to MAX of N skills, spread evenly over them and always the
 * first and the last; returns how many were written to PICK. */
int termchart_pick(int n, int *pick, int max);

/* Draws the curves of the skills PICK[0..npick) of R. */
void termchart_draw(FILE *out, const result *r, const int *pick, int npick, const termchart_style *st);

#endif
