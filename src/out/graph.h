/* graph.h - the dependency graph of a program's skills, built with libcgraph
 * and rendered with libgvc.
 *
 * The graph module sees no syntax and no IR: the caller hands it a plain
 * description of skills and their dependency formulas. */
#ifndef SKILL_GRAPH_H
#define SKILL_GRAPH_H

#include <stddef.h>
#include <stdio.h>

#include "outfile.h"

/* A dependency formula over skills: a leaf naming a skill, or an n-ary
 * AND / OR junction, or a NOT of one sub-formula. */
typedef enum { GDEP_SKILL, GDEP_AND, GDEP_OR, GDEP_NOT } graph_dep_kind;

typedef struct graph_dep {
    graph_dep_kind kind;
    int skill;                      /* GDEP_SKILL: index into the skill array */
    int nargs;                      /* AND/OR: >= 2; NOT: 1 */
    const struct graph_dep *const *args;
} graph_dep;

typedef struct graph_skill {
    const char *name;
    const char *freq;               /* frequency as the label shows it, e.g. "0.1" or "zipf(2)" */
    const graph_dep *needs;         /* NULL: no `needs` formula */
    const int *gate_reads;          /* skills an explicit `gate` expression reads */
    int ngate_reads;
    int timed;                      /* the run that annotates the graph has this skill */
    double learned_at;              /* its first step at the timing's level; NAN: never */
} graph_skill;

/* A graph annotated with a run: each timed skill filled along viridis by
 * the step it reached LEVEL at, from the first learned (dark purple) to
 * the last (yellow), and labelled with it; a legend shows the scale. */
typedef struct graph_timing {
    double level;
} graph_timing;

/* Write the graph to PATH; the format follows the extension: .dot (plain
 * DOT text, no layout, deterministic), .svg, .png or .pdf (laid out with
 * `dot`; a PNG at 144 dots per inch, two pixels a point as plots have).
 * TIMING, if not NULL, annotates it with a run.  The file is written whole or not at all; not at all once
 * POLICY's cancel token is set, to nowhere if POLICY discards (outfile.h;
 * POLICY may be NULL).  Returns 0 on success; on failure returns -1 and
 * puts a one-line reason in ERR. */
int graph_write(const graph_skill *skills, int nskills, const char *title, const graph_timing *timing,
                const char *path, const output_policy *policy, char *err, size_t errlen);

/* Writes the graph to an open stream in FORMAT ("dot", "svg", ...) and
 * flushes it; a failed write is an error. */
int graph_write_stream(const graph_skill *skills, int nskills, const char *title,
                       const graph_timing *timing, const char *format, FILE *f, char *err,
                       size_t errlen);

/* 1 if PATH has an extension graph_write understands. */
int graph_format_known(const char *path);

#endif
