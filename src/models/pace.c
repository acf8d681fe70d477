#include "pace.h"

#include <string.h>

enum { WARM_DUO, TIME_DUO, WARM_SOLO, TIME_SOLO, KEEP };

/* Duo must beat solo by this much: a tie goes to the mode that uses one core. */
#define DUO_MARGIN 0.97

const pace_plan pace_handoffs = {
    .warm_up = 4, .trial = 16, .first_stretch = 128, .max_stretch = 8192,
    .warm_up_ns = 2000000, .trial_ns = 3000000,
};
const pace_plan pace_steps = {
    .warm_up = 1, .trial = 3, .first_stretch = 64, .max_stretch = 1024,
    .warm_up_ns = 2000000, .trial_ns = 20000000,
};

void pace_init(pace *p, const pace_plan *plan)
{
    memset(p, 0, sizeof *p);
    p->plan = plan;
    p->phase = WARM_DUO;
    p->winner = PACE_DUO;
    p->stretch = plan->first_stretch / 4;
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
    const pace_plan *plan = p->plan;
    if (winner == p->winner)
        p->stretch = p->stretch * 4 > plan->max_stretch ? plan->max_stretch : p->stretch * 4;
    else
        p->stretch = plan->first_stretch;
    p->winner = winner;
}

static int phase_done(const pace *p, long long now)
{
    const pace_plan *plan = p->plan;
    switch (p->phase) {
    case WARM_DUO:
    case WARM_SOLO:
        return p->round >= plan->warm_up && now - p->since >= plan->warm_up_ns;
    case TIME_DUO:
    case TIME_SOLO:
        return p->n[p->phase == TIME_DUO] == PACE_MAX_TRIAL ||
               (p->round >= plan->trial && now - p->since >= plan->trial_ns);
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
