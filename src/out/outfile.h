/* outfile.h - files written whole or not at all: the data goes to a
 * temporary beside the target, which is renamed into place once complete.
 * Any failure (a full disk, a file-size limit, a cancelled run) removes the
 * temporary and leaves an existing file as it was. */
#ifndef SKILL_OUTFILE_H
#define SKILL_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "cancel.h"

/* Files kept, in the order they were committed, instead of written: a
 * sweep point run on another MPI process ships them to the one that
 * writes (skill(1), MPI).  Safe to add to from several threads. */
typedef struct output_capture output_capture;

output_capture *output_capture_new(void);
void output_capture_free(output_capture *c);
int output_capture_count(const output_capture *c);
/* File I: its path and its bytes. */
const char *output_capture_file(const output_capture *c, int i, const void **data, size_t *len);
/* Keeps a copy of PATH and of LEN bytes of DATA. */
void output_capture_add(output_capture *c, const char *path, const void *data, size_t len);

/* How a program's files are written.  Each program run has its own
 * (interp_options), so two programs in two threads do not share it.  A
 * NULL policy: never cancelled, nothing discarded. */
typedef struct output_policy {
    const cancel_token *cancel; /* polled as data is written; NULL: never */
    int discard;                /* format every output, write none: no file, no temporary
                                 * (the fuzzers) */
    output_capture *capture;    /* set: each file, once committed, is kept here whole
                                 * and nothing is written */
} output_policy;

static inline const cancel_token *output_cancel(const output_policy *p)
{
    return p ? p->cancel : NULL;
}

typedef struct output_file {
    FILE *f;                    /* write here; must not be closed by the caller */
    char *path;
    char *tmp;                  /* NULL when discarding */
    int fd;
    int error;                  /* errno of the first failure, or 0 */
    const cancel_token *cancel; /* polled as data is written; NULL: never */
    output_capture *capture;    /* the policy's: the data goes to MEM, then there */
    char *mem;
    size_t memlen;
} output_file;

/* Opens a temporary beside PATH (or, discarding, /dev/null); 0 on success,
 * -1 with a reason in ERR.  O must stay where it is until output_commit or
 * output_abort. */
int output_open(output_file *o, const char *path, const output_policy *policy, char *err,
                size_t errlen);
/* Flushes, closes and renames into place; -1 with a reason ("cannot write
 * 'PATH': <the system's reason>") on failure, in which case nothing is left
 * beside PATH and an existing PATH is untouched. */
int output_commit(output_file *o, char *err, size_t errlen);
void output_abort(output_file *o);

/* LEN bytes of DATA as PATH, whole or not at all. */
int output_write_file(const char *path, const void *data, size_t len, const output_policy *policy,
                      char *err, size_t errlen);

/* stdio keeps only a flag when a write fails, and the reason is lost if an
 * unchecked flush met it.  A tracked stream writes to a descriptor through
 * a stream of our own that keeps the reason in a record its owner holds
 * (the command line: one for its standard output). */
typedef struct output_tracker {
    FILE *f;                    /* the stream; NULL: not tracked */
    int fd;
    int error;                  /* errno of the first failed write since the last check, or 0 */
} output_tracker;

/* Makes T->f, a stream writing to FD (not a terminal: a terminal keeps
 * stdio's line buffering, and T->f stays NULL).  T must outlive T->f. */
void output_track(output_tracker *t, int fd);

/* 0 if everything written to F so far has reached the system; else -1
 * and the reason, as an errno value, in *ERRNUM, and F's error (and T's
 * reason) is cleared, so that it is reported once.  T (may be NULL) is
 * the record kept for F if F is a tracked stream. */
int output_stream_check(FILE *f, output_tracker *t, int *errnum);

#endif
