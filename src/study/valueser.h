/* valueser.h - values into bytes and back, exactly: numbers as their bits,
 * text as its bytes, results with every recorded row.  What a sweep point
 * computed on one process is read back on the others (skill(1), MPI); both
 * sides hold the same checked program, so skills, models, optimizers and
 * defs travel as their places in it. */
#ifndef SKILL_VALUESER_H
#define SKILL_VALUESER_H

#include "bytes.h"
#include "ir.h"
#include "value.h"

/* Appends V, a value of program IR, to B.  Every kind a value can have is
 * written. */
void valueser_put(bytebuf *b, const ir_program *ir, value v);

/* Names read back (record keys, words, skill names of a run) must live as
 * long as the program; a reader keeps one copy of each in IR. */
typedef struct valueser_names valueser_names;
valueser_names *valueser_names_new(ir_program *ir);
void valueser_names_free(valueser_names *n);

/* A name written by bytes_put_str (or NULL), kept. */
const char *valueser_name(valueser_names *n, byteread *r);

/* The next value in R, into *OUT (owned by the caller): 0, or -1 if R is
 * malformed or names something IR does not have (R->bad set). */
int valueser_get(byteread *r, valueser_names *names, value *out);

#endif
