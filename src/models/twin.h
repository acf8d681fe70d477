/* twin.h - a second thread that runs one job at a time on request, for
 * splitting a step's work across two cores.  The callers always split the
 * work the same way, so results do not depend on whether a twin exists or
 * which thread ran which half. */
#ifndef SKILL_TWIN_H
#define SKILL_TWIN_H

typedef struct twin twin;

/* NULL when the process may use only one CPU (taskset, a cgroup quota:
 * see cpus.h) or no thread could be made; callers then run both halves. */
twin *twin_start(void);
void twin_stop(twin *t);
/* Offers FN(ARG) to the twin; twin_wait returns when it has run, on the
 * twin or, if the twin has not taken it by then, on the caller.  A twin
 * that does not pay (a crowded or single CPU: see pace.h) is offered no
 * jobs for a while.  Between jobs the twin spins briefly, then sleeps. */
void twin_run(twin *t, void (*fn)(void *), void *arg);
void twin_wait(twin *t);
/* Marks the start of a step of several twin_run and twin_wait pairs that
 * differ in cost (a network's layers, forward and backward).  From the
 * first call on, the choice to offer jobs or not is made once a step, for
 * all the step's jobs, by timing whole steps (pace_steps in pace.h). */
void twin_step(twin *t);

#endif
