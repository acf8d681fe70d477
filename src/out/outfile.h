/* outfile.h - files written whole or not at all: the data goes to a
 * temporary beside the target, which is renamed into place once complete.
 * Any failure (a full disk, a file-size limit, a cancelled run) removes the
 * temporary and leaves an existing file as it was. */
#ifndef SKILL_OUTFILE_H
#define SKILL_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "cancel.h"

typedef struct output_file {
    FILE *f;                    /* write here; must not be closed by the caller */
    char *path;
    char *tmp;
    int fd;
    int error;                  /* errno of the first failure, or 0 */
    const cancel_token *cancel; /* polled as data is written; NULL: never */
} output_file;

/* Opens a temporary beside PATH; 0 on success, -1 with a reason in ERR.
 * O must stay where it is until output_commit or output_abort. */
int output_open(output_file *o, const char *path, const cancel_token *cancel, char *err,
                size_t errlen);
/* Flushes, closes and renames into place; -1 with a reason ("cannot write
 * 'PATH': <the system's reason>") on failure, in which case nothing is left
 * beside PATH and an existing PATH is untouched. */
int output_commit(output_file *o, char *err, size_t errlen);
void output_abort(output_file *o);

/* LEN bytes of DATA as PATH, whole or not at all. */
int output_write_file(const char *path, const void *data, size_t len, const cancel_token *cancel,
                      char *err, size_t errlen);

/* With ON set, output_open writes to /dev/null and commit renames nothing:
 * every output is formatted and thrown away (the fuzzers).  Process-wide;
 * set it before any thread starts. */
void output_set_discard(int on);
int output_discarding(void);

/* 0 if everything written to F so far has reached the system; else -1
 * and the reason, as an errno value, in *ERRNUM, and F's error is cleared
 * (so that it is reported once). */
int output_stream_check(FILE *f, int *errnum);

/* stdio keeps only a flag when a write fails, and the reason is lost if an
 * unchecked flush met it.  When standard output is not a terminal, this
 * puts a stream of our own in its place, which keeps the reason for
 * output_stream_check.  Call it once, before anything is written. */
void output_track_stdout(void);

#endif
