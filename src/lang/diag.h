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

/* A message as a record, for a sink that is not a stream (the library's
 * callback).  FILE is NULL and LINE 0 when the message has no place. */
typedef enum { DIAG_ERROR, DIAG_NOTE, DIAG_HINT } diag_severity;

typedef struct diag_record {
    diag_severity severity;
    const char *file;
    int line, column, end_column;
    const char *message;
    const char *source_line;    /* without its newline; NULL without a place */
} diag_record;

typedef struct diag_sink {
    void (*put)(const diag_record *r, void *user);
    void *user;
} diag_sink;

typedef struct diag {
    FILE *out;
    diag_sink sink;             /* set: records go here and nothing is printed */
    int colour;
    int nerrors;
    int status;                 /* an error's own exit status (a data file's: EXIT_INVALID or
                                 * EXIT_UNREADABLE), or 0: a runtime failure */
    int shown;                  /* errors printed; past DIAG_MAX_SHOWN the rest are counted only */
    int last_shown;             /* was the latest error printed? (its notes follow it) */
} diag;

enum { DIAG_MAX_SHOWN = 50 };

void diag_init(diag *d, FILE *out);
/* Messages go to SINK as records instead of being printed. */
void diag_init_sink(diag *d, diag_sink sink);
void diag_error(diag *d, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An error at AT without the source excerpt (for input that is not text). */
void diag_error_bare(diag *d, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An error with no place in a source (command line, files, runs). */
void diag_fail(diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note belonging to the latest error; AT may be NULL. */
void diag_note(diag *d, const loc *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_hint(diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note at AT that belongs to no error (what a fit could not determine):
 * printed, not counted; hints may follow it. */
void diag_remark(diag *d, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records held for later (a sweep point's, run on another thread) and
 * replayed in order to another diag. */
typedef struct diag_log diag_log;
diag_log *diag_log_new(void);
diag_sink diag_log_sink(diag_log *log);
void diag_log_replay(diag *to, const diag_log *log);
void diag_log_free(diag_log *log);

/* Prints "N more errors not shown" if any were held back. */
void diag_finish(diag *d);

/* The candidate closest to NAME by edit distance, if close enough to be a
 * plausible typo; NULL otherwise.  CANDS holds NCANDS names, or fewer
 * followed by a NULL. */
const char *diag_suggest(const char *name, const char *const *cands, int ncands);
/* Edit distances diag_suggest has computed so far on the calling thread
 * (the tests count them to keep "did you mean" linear in the size of a
 * program). */
unsigned long diag_edit_distances(void);

#endif
