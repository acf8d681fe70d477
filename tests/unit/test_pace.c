/* pace: fed step times made up per mode, it must settle on the faster mode
 * (nearly every round), keep to it through occasional slow steps, follow a
 * change of which mode is faster, and prefer solo on a tie. */
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

int main(void)
{
    pace p;
    long long clock = 123456789;
    double share;

    pace_init(&p);
    share = duo_share(&p, &clock, 80000, 100000, 130000, 0);
    CHECK(share > 0.97, "duo faster: duo share %.3f, want > 0.97", share);

    pace_init(&p);
    share = duo_share(&p, &clock, 80000, 300000, 130000, 0);
    CHECK(share < 0.03, "solo faster: duo share %.3f, want < 0.03", share);

    pace_init(&p);
    share = duo_share(&p, &clock, 80000, 100000, 130000, 8000000);
    CHECK(share > 0.97, "duo faster with a slow step in 100: duo share %.3f", share);

    pace_init(&p);
    share = duo_share(&p, &clock, 80000, 130000, 130000, 0);
    CHECK(share < 0.03, "a tie: duo share %.3f, want < 0.03", share);

    /* Then a competitor arrives: within two longest stretches pace has moved. */
    pace_init(&p);
    duo_share(&p, &clock, 80000, 100000, 130000, 0);
    duo_share(&p, &clock, 2 * PACE_MAX_STRETCH + 1000, 180000, 130000, 0);
    share = duo_share(&p, &clock, 80000, 180000, 130000, 0);
    CHECK(share < 0.03, "after the change: duo share %.3f, want < 0.03", share);

    if (failures)
        return 1;
    printf("pace: all checks passed\n");
    return 0;
}
