/* pace: fed step times made up per mode, it must settle on the faster mode
 * (nearly every round), keep to it through occasional slow steps, follow a
 * change of which mode is faster, and prefer solo on a tie; with the plan
 * for long steps (pace_steps), also spend few of a short run's steps on
 * trials of the slower mode. */
#include <stdio.h>

#include "pace.h"
#include "testkit.h"

/* Runs ROUNDS rounds whose times (ns) are DUO or SOLO by mode, every 100th
 * one SPIKE longer; returns the share of duo rounds. */
static double duo_share(pace *p, long long *clock, int rounds, long long duo, long long solo,
                        long long spike)
{
    int duos = 0;
    for (int i = 0; i < rounds; i++) {
        int mode = pace_round(p, *clock);
        duos += mode == PACE_DUO;
        *clock += (mode == PACE_DUO ? duo : solo) + (i % 100 == 99 ? spike : 0);
    }
    return (double)duos / rounds;
}

/* Rounds of 40 to 60 ms, each a network's training step. */
static void check_steps(long long *clock)
{
    pace p;
    double share;

    /* Alone: two threads take 40 ms a step, one 60 ms; a 200-step run
     * spends 8 steps on solo trials (steps 4 to 7 and 76 to 79). */
    pace_init(&p, &pace_steps);
    share = duo_share(&p, clock, 200, 40000000, 60000000, 0);
    CHECK(share == 192 / 200.0, "steps, duo faster: duo share %.3f of 200, want 0.96", share);
    share = duo_share(&p, clock, 4000, 40000000, 60000000, 0);
    CHECK(share > 0.99, "steps, duo faster, later: duo share %.4f, want > 0.99", share);

    /* Beside a busy process, duo 48 ms and solo 40 ms: 8 duo steps in
     * 200 (0 to 3 and 72 to 75), which cost 64 ms in a run of 8 s. */
    pace_init(&p, &pace_steps);
    share = duo_share(&p, clock, 200, 48000000, 40000000, 0);
    CHECK(share == 8 / 200.0, "steps, solo faster: duo share %.3f of 200, want 0.04", share);
    share = duo_share(&p, clock, 4000, 48000000, 40000000, 0);
    CHECK(share < 0.01, "steps, solo faster, later: duo share %.4f, want < 0.01", share);

    /* One step in 100 held up by 0.5 s does not flip the choice. */
    pace_init(&p, &pace_steps);
    share = duo_share(&p, clock, 4000, 40000000, 60000000, 500000000);
    CHECK(share > 0.99, "steps, duo faster with a slow step in 100: duo share %.4f", share);

    pace_init(&p, &pace_steps);
    share = duo_share(&p, clock, 4000, 40000000, 40000000, 0);
    CHECK(share < 0.01, "steps, a tie: duo share %.4f, want < 0.01", share);

    /* A competitor arrives: pace moves within two longest stretches. */
    pace_init(&p, &pace_steps);
    duo_share(&p, clock, 4000, 40000000, 60000000, 0);
    duo_share(&p, clock, 2 * pace_steps.max_stretch + 100, 48000000, 40000000, 0);
    share = duo_share(&p, clock, 4000, 48000000, 40000000, 0);
    CHECK(share < 0.01, "steps, after the change: duo share %.4f, want < 0.01", share);

    /* Steps of 1 ms: a trial lasts 20 ms, not 3 steps. */
    pace_init(&p, &pace_steps);
    duo_share(&p, clock, 1, 1000000, 1300000, 0);
    for (int i = 0; i < 30 && pace_round(&p, *clock) == PACE_DUO; i++)
        *clock += 1000000;
    CHECK(p.n[PACE_DUO] == 20, "steps of 1 ms: %d timed in the duo trial, want 20", p.n[PACE_DUO]);
}

int main(void)
{
    pace p;
    long long clock = 123456789;
    double share;

    pace_init(&p, &pace_handoffs);
    share = duo_share(&p, &clock, 80000, 100000, 130000, 0);
    CHECK(share > 0.97, "duo faster: duo share %.3f, want > 0.97", share);

    pace_init(&p, &pace_handoffs);
    share = duo_share(&p, &clock, 80000, 300000, 130000, 0);
    CHECK(share < 0.03, "solo faster: duo share %.3f, want < 0.03", share);

    pace_init(&p, &pace_handoffs);
    share = duo_share(&p, &clock, 80000, 100000, 130000, 8000000);
    CHECK(share > 0.97, "duo faster with a slow step in 100: duo share %.3f", share);

    pace_init(&p, &pace_handoffs);
    share = duo_share(&p, &clock, 80000, 130000, 130000, 0);
    CHECK(share < 0.03, "a tie: duo share %.3f, want < 0.03", share);

    /* Then a competitor arrives: within two longest stretches pace has moved. */
    pace_init(&p, &pace_handoffs);
    duo_share(&p, &clock, 80000, 100000, 130000, 0);
    duo_share(&p, &clock, 2 * pace_handoffs.max_stretch + 1000, 180000, 130000, 0);
    share = duo_share(&p, &clock, 80000, 180000, 130000, 0);
    CHECK(share < 0.03, "after the change: duo share %.3f, want < 0.03", share);

    check_steps(&clock);
    if (failures)
        return 1;
    printf("pace: all checks passed\n");
    return 0;
}
