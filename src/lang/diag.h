/* diag.h - every message a user sees about their input or a run:
 *   FILE:LINE:COL: error: message
 *       LINE | source text
 *            |      ^~~~~
 *   FILE:LINE:COL: note: ...      (or "note: ..." without a place)
 *   hint: ...
 * Colour only when writing to a terminal and NO_COLOR is unset. */
#ifndef SKILL_DIAG_H
#define SKILL_DIAG_H

#include <stdio.h>

#include "source.h"

/* Exit statuses (skill(1), EXIT STATUS; 65 and 66 are sysexits' DATAERR
 * and NOINPUT). */
enum {
    EXIT_OK = 0,
    EXIT_RUNTIME = 1,
    EXIT_USAGE = 2,
    EXIT_INVALID = 65,
    EXIT_UNREADABLE = 66
};

typedef struct diag {
    FILE *out;
    int colour;
    int nerrors;
    int shown;                  /* errors printed; past DIAG_MAX_SHOWN the rest are counted only */
    int last_shown;             /* was the latest error printed? (its notes follow it) */
} diag;

enum { DIAG_MAX_SHOWN = 50 };

void diag_init(diag *d, FILE *out);
void diag_error(diag *d, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An error at AT without the source excerpt (for input that is not text). */
void diag_error_bare(diag *d, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An error with no place in a source (command line, files, runs). */
void diag_fail(diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note belonging to the latest error; AT may be NULL. */
void diag_note(diag *d, const loc *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_hint(diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "N more errors not shown" if any were held back. */
void diag_finish(diag *d);

/* The candidate closest to NAME by edit distance, if close enough to be a
 * plausible typo; NULL otherwise.  CANDS holds NCANDS names, or fewer
 * followed by a NULL. */
const char *diag_suggest(const char *name, const char *const *cands, int ncands);
/* Edit distances diag_suggest has computed so far (the tests count them to
 * keep "did you mean" linear in the size of a program). */
unsigned long diag_edit_distances(void);

#endif
