#include "pace.h"

#include <string.h>

enum { TRY_DUO, TRY_SOLO, KEEP };
enum { WARM_UP = 4 };

/* Duo must beat solo by this much: a tie goes to the mode that uses one core. */
#define DUO_MARGIN 0.97

void pace_init(pace *p)
{
    memset(p, 0, sizeof *p);
    p->phase = TRY_DUO;
    p->winner = PACE_DUO;
    p->stretch = PACE_FIRST_STRETCH / 2;
}

static long long median(long long *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            long long swap = v[j];
            v[j] = v[j - 1];
            v[j - 1] = swap;
        }
    return v[n / 2];
}

static void choose(pace *p)
{
    long long duo = median(p->took[PACE_DUO], p->n[PACE_DUO]);
    long long solo = median(p->took[PACE_SOLO], p->n[PACE_SOLO]);
    int winner = (double)duo < DUO_MARGIN * (double)solo ? PACE_DUO : PACE_SOLO;
    if (winner == p->winner)
        p->stretch = p->stretch * 2 > PACE_MAX_STRETCH ? PACE_MAX_STRETCH : p->stretch * 2;
    else
        p->stretch = PACE_FIRST_STRETCH;
    p->winner = winner;
}

/* A trial runs each mode for WARM_UP + PACE_TRIAL rounds and measures the
 * last PACE_TRIAL: the first pay for the switch (waking the twin, filling
 * its caches). */
static void advance(pace *p)
{
    if (p->phase == TRY_DUO && p->round == WARM_UP + PACE_TRIAL) {
        p->phase = TRY_SOLO;
        p->round = 0;
    } else if (p->phase == TRY_SOLO && p->round == WARM_UP + PACE_TRIAL) {
        choose(p);
        p->phase = KEEP;
        p->round = 0;
    } else if (p->phase == KEEP && p->round == p->stretch) {
        p->phase = TRY_DUO;
        p->round = 0;
        p->n[PACE_DUO] = p->n[PACE_SOLO] = 0;
    }
}

int pace_round(pace *p, long long now)
{
    if (p->measured)
        p->took[p->mode][p->n[p->mode]++] = now - p->last;
    p->last = now;
    advance(p);
    p->mode = p->phase == TRY_DUO ? PACE_DUO : p->phase == TRY_SOLO ? PACE_SOLO : p->winner;
    p->measured = p->phase != KEEP && p->round >= WARM_UP;
    p->round++;
    return p->mode;
}
