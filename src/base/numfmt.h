/* numfmt.h - numbers as text: the shortest form that reads back as the same
 * double ("0.1", "1e-05", "nan", "inf"), used by print and every writer. */
#ifndef SKILL_NUMFMT_H
#define SKILL_NUMFMT_H

enum { NUMFMT_MAX = 32 };

/* Writes into BUF (at least NUMFMT_MAX bytes) and returns BUF. */
char *numfmt(char *buf, double x);

#endif
