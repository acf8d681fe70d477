/* pace.h - whether a split step should hand its second half to the twin
 * thread (duo) or run both halves on the calling thread (solo), chosen by
 * measuring.  Alone on two free cores, duo wins; on a crowded or single
 * CPU the twin gets its CPU late or takes it from the caller, and solo wins.
 * So pace times whole steps (from one round's start to the next) in short
 * trials of each mode, then keeps the faster mode for a stretch of rounds
 * that grows fourfold while the same mode keeps winning, and tries again. */
#ifndef SKILL_PACE_H
#define SKILL_PACE_H

enum { PACE_SOLO = 0, PACE_DUO = 1 };
/* A trial warms a mode up for PACE_WARM_UP rounds and PACE_WARM_UP_NS
 * (after a switch the twin's core may be clocked down and its caches
 * cold), then times at least PACE_TRIAL rounds and PACE_TRIAL_NS (but
 * no more than PACE_MAX_TRIAL rounds). */
enum { PACE_WARM_UP = 4, PACE_TRIAL = 16, PACE_MAX_TRIAL = 256 };
enum { PACE_FIRST_STRETCH = 128, PACE_MAX_STRETCH = 8192 };
#define PACE_WARM_UP_NS 2000000LL
#define PACE_TRIAL_NS 3000000LL

typedef struct pace {
    long long last;             /* when the previous round started, in ns */
    long long since;            /* when this phase's warm-up or timing began */
    int mode;                   /* the previous round's mode */
    int measured;               /* whether the previous round's time counts */
    int phase;                  /* warming or timing duo or solo, or keeping the winner */
    int round;                  /* rounds started in this phase */
    int winner, stretch;        /* the mode kept, and for how many rounds */
    int n[2];                   /* step times measured in this trial, per mode */
    long long took[2][PACE_MAX_TRIAL];
} pace;

void pace_init(pace *p);
/* The mode of the round starting at NOW (ns, any monotonic origin); it
 * also ends the previous round, whose time it records when measuring. */
int pace_round(pace *p, long long now);

#endif
