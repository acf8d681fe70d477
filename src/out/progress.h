/* progress.h - a one-line progress display on a terminal's stderr, shown
 * only for work that lasts longer than about a second. */
#ifndef SKILL_PROGRESS_H
#define SKILL_PROGRESS_H

typedef struct progress progress;

/* Where progress goes instead of a terminal (the library's callback):
 * LABEL, DONE of TOTAL, at most about ten times a second. */
typedef struct progress_hook {
    void (*report)(const char *label, double done, double total, void *user);
    void *user;
} progress_hook;

/* With HOOK (non-NULL, report set): a progress reporting to it.  Else
 * NULL (and every call a no-op) unless ENABLED and stderr is a terminal
 * (or SKILL_PROGRESS=1 in the environment; SKILL_PROGRESS=0: never). */
progress *progress_new(const char *label, int enabled, const progress_hook *hook);
void progress_update(progress *p, double done, double total);
/* A sweep's line: points done of TOTAL, model steps per second, time left. */
void progress_update_points(progress *p, long done, long total, long steps);
void progress_free(progress *p);        /* clears the line */

#endif
