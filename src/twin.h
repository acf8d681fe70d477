/* twin.h - a second thread that runs one job at a time on request, for
 * splitting a step's work across two cores.  The callers always split the
 * work the same way, so results do not depend on whether a twin exists. */
#ifndef SKILL_TWIN_H
#define SKILL_TWIN_H

typedef struct twin twin;

/* NULL when no thread could be made (callers then run both halves). */
twin *twin_start(void);
void twin_stop(twin *t);
/* Starts FN(ARG) on the twin; twin_wait returns when it has finished.
 * The twin spins between jobs: use it for runs of many short steps. */
void twin_run(twin *t, void (*fn)(void *), void *arg);
void twin_wait(twin *t);

#endif
