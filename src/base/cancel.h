/* cancel.h - a request to stop: long work (runs, sweeps, fits, large
 * writes) polls it and, once it is set, unwinds through its ordinary error
 * paths, removing unfinished files, without reporting an error of its own.
 * The command line sets it from SIGINT, SIGTERM and SIGHUP. */
#ifndef SKILL_CANCEL_H
#define SKILL_CANCEL_H

typedef struct cancel_token {
    /* Nonzero once the work should stop; called often and from any
     * thread, so it must be cheap and thread-safe.  NULL: never. */
    int (*requested)(void *arg);
    void *arg;
} cancel_token;

static inline int cancel_requested(const cancel_token *c)
{
    return c && c->requested && c->requested(c->arg);
}

#endif
