/* progress.h - a one-line progress display on a terminal's stderr, shown
 * only for work that lasts longer than about a second. */
#ifndef SKILL_PROGRESS_H
#define SKILL_PROGRESS_H

typedef struct progress progress;

/* NULL (and every call a no-op) unless ENABLED and stderr is a terminal. */
progress *progress_new(const char *label, int enabled);
void progress_update(progress *p, double done, double total);
/* A sweep's line: points done of TOTAL, model steps per second, time left. */
void progress_update_points(progress *p, long done, long total, long steps);
void progress_free(progress *p);        /* clears the line */

#endif
