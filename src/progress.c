#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct progress {
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

progress *progress_new(const char *label, int enabled)
{
    if (!enabled || !isatty(fileno(stderr)))
        return NULL;
    progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    snprintf(p->label, sizeof p->label, "%s", label);
    p->start = p->last = now();
    return p;
}

void progress_update(progress *p, double done, double total)
{
    if (!p)
        return;
    double t = now();
    if (t - p->start < 1.0 || t - p->last < 0.1)
        return;
    p->last = t;
    p->shown = 1;
    double frac = total > 0 ? done / total : 0;
    if (frac > 1)
        frac = 1;
    int fill = (int)(frac * BAR_WIDTH);
    char bar[BAR_WIDTH + 1];
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(BAR_WIDTH - fill));
    bar[BAR_WIDTH] = '\0';
    double rate = done / (t - p->start);
    double left = rate > 0 ? (total - done) / rate : 0;
    fprintf(stderr, "\r%s [%s] %3.0f%%  %.0f/s  %.0fs left ", p->label, bar, 100 * frac, rate, left);
    fflush(stderr);
}

void progress_free(progress *p)
{
    if (!p)
        return;
    if (p->shown)
        fprintf(stderr, "\r%*s\r", 80, "");
    free(p);
}
