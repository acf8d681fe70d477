/* sweepmpi.h - one sweep's points spread over the processes of an MPI job
 * (skill(1), MPI).  Every process calls it at the same sweep with the same
 * points.  The first process hands the points out one at a time, in order,
 * to whichever thread of whichever process asks first; at the end every
 * process has every point's outputs, for the caller to join in order.  A
 * build without MPI has a stub that is never called (one process). */
#ifndef SKILL_SWEEPMPI_H
#define SKILL_SWEEPMPI_H

#include "bytes.h"
#include "cancel.h"
#include "progress.h"

typedef struct par_sweep {
    void *job;
    long npoints;
    int threads;                /* this process's threads for points */
    /* Runs point I on the calling thread (any of THREADS). */
    void (*run)(void *job, long i);
    /* Nonzero if point I, which has run, failed: no later point starts. */
    int (*failed)(void *job, long i);
    /* Point I's outputs into B; and back, on another process. */
    void (*pack)(void *job, long i, bytebuf *b);
    int (*unpack)(void *job, long i, byteread *r);
    /* Model steps this process's points have finished (progress). */
    long (*steps)(void *job);
    progress *prog;             /* drawn on the first process */
    const cancel_token *cancel;
    /* Set (atomically) once any process of the job was stopped by a
     * signal: the points under way here should stop too (the caller's
     * points poll it). */
    int stop_all;
} par_sweep;

enum { PAR_OK = 0, PAR_ERROR = -1, PAR_CANCELLED = -2 };

/* PAR_OK: points 0 .. *RAN-1 ran (all of them, unless one failed) and
 * each one's outputs are here.  PAR_CANCELLED: a process was stopped by a
 * signal (*BY_SIGNAL_HERE says whether it was this one).  PAR_ERROR: the
 * outputs could not be gathered; a reason in ERR. */
int par_sweep_run(par_sweep *s, long *ran, int *by_signal_here, char *err, size_t errlen);

#endif
