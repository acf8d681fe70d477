#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct progress {
    progress_hook hook;         /* report set: no terminal line */
    char label[64];
    double start, last;
    int shown;
};

enum { BAR_WIDTH = 30 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A terminal's stderr, unless SKILL_PROGRESS says otherwise: 1 draws the
 * line wherever stderr goes (under mpirun it is a pipe to a terminal,
 * which the processes cannot see), 0 never. */
static int drawn(void)
{
    const char *force = getenv("SKILL_PROGRESS");
    if (force && strcmp(force, "1") == 0)
        return 1;
    if (force && strcmp(force, "0") == 0)
        return 0;
    return isatty(fileno(stderr));
}

progress *progress_new(const char *label, int enabled, const progress_hook *hook)
{
    int hooked = hook && hook->report;
    if (!hooked && (!enabled || !drawn()))
        return NULL;
    progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    if (hooked)
        p->hook = *hook;
    snprintf(p->label, sizeof p->label, "%s", label);
    p->start = p->last = now();
    return p;
}

/* Whether to draw now (after the first second, at most ten times a second);
 * fills BAR for the fraction DONE / TOTAL and sets *ELAPSED. */
static int due(progress *p, double done, double total, char *bar, double *elapsed)
{
    double t = now();
    if ((!p->hook.report && t - p->start < 1.0) || t - p->last < 0.1)
        return 0;
    p->last = t;
    p->shown = 1;
    *elapsed = t - p->start;
    double frac = total > 0 ? done / total : 0;
    int fill = (int)((frac > 1 ? 1 : frac) * BAR_WIDTH);
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(BAR_WIDTH - fill));
    bar[BAR_WIDTH] = '\0';
    return 1;
}

void progress_update(progress *p, double done, double total)
{
    char bar[BAR_WIDTH + 1];
    double elapsed;
    if (!p || !due(p, done, total, bar, &elapsed))
        return;
    if (p->hook.report) {
        p->hook.report(p->label, done, total, p->hook.user);
        return;
    }
    double rate = done / elapsed;
    double left = rate > 0 ? (total - done) / rate : 0;
    fprintf(stderr, "\r%s [%s] %3.0f%%  %.0f/s  %.0fs left ", p->label, bar,
            total > 0 ? 100 * done / total : 0, rate, left);
    fflush(stderr);
}

void progress_update_points(progress *p, long done, long total, long steps)
{
    char bar[BAR_WIDTH + 1];
    double elapsed;
    if (!p || !due(p, (double)done, (double)total, bar, &elapsed))
        return;
    if (p->hook.report) {
        p->hook.report(p->label, (double)done, (double)total, p->hook.user);
        return;
    }
    double left = done > 0 ? elapsed * (double)(total - done) / (double)done : 0;
    fprintf(stderr, "\r%s [%s] %ld/%ld points  %.3g steps/s  %.0fs left ", p->label, bar, done,
            total, (double)steps / elapsed, left);
    fflush(stderr);
}

void progress_free(progress *p)
{
    if (!p)
        return;
    if (p->shown && !p->hook.report)
        fprintf(stderr, "\r%*s\r", 100, "");
    free(p);
}
