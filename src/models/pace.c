#include "pace.h"

#include <string.h>

enum { WARM_DUO, TIME_DUO, WARM_SOLO, TIME_SOLO, KEEP };

/* Duo must beat solo by this much: a tie goes to the mode that uses one core. */
#define DUO_MARGIN 0.97

void pace_init(pace *p)
{
    memset(p, 0, sizeof *p);
    p->phase = WARM_DUO;
    p->winner = PACE_DUO;
    p->stretch = PACE_FIRST_STRETCH / 4;
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
        p->stretch = p->stretch * 4 > PACE_MAX_STRETCH ? PACE_MAX_STRETCH : p->stretch * 4;
    else
        p->stretch = PACE_FIRST_STRETCH;
    p->winner = winner;
}

static int phase_done(const pace *p, long long now)
{
    switch (p->phase) {
    case WARM_DUO:
    case WARM_SOLO:
        return p->round >= PACE_WARM_UP && now - p->since >= PACE_WARM_UP_NS;
    case TIME_DUO:
    case TIME_SOLO:
        return p->n[p->phase == TIME_DUO] == PACE_MAX_TRIAL ||
               (p->round >= PACE_TRIAL && now - p->since >= PACE_TRIAL_NS);
    default:
        return p->round >= p->stretch;
    }
}

static void next_phase(pace *p, long long now)
{
    if (p->phase == TIME_SOLO)
        choose(p);
    p->phase = p->phase == KEEP ? WARM_DUO : p->phase + 1;
    if (p->phase == WARM_DUO)
        p->n[PACE_DUO] = p->n[PACE_SOLO] = 0;
    p->round = 0;
    p->since = now;
}

int pace_round(pace *p, long long now)
{
    if (p->measured)
        p->took[p->mode][p->n[p->mode]++] = now - p->last;
    p->last = now;
    if (phase_done(p, now))
        next_phase(p, now);
    p->mode = p->phase <= TIME_DUO ? PACE_DUO : p->phase <= TIME_SOLO ? PACE_SOLO : p->winner;
    p->measured = p->phase == TIME_DUO || p->phase == TIME_SOLO;
    p->round++;
    return p->mode;
}
