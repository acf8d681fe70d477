/* pace.h - whether a split step should hand its second half to the twin
 * thread (duo) or run both halves on the calling thread (solo), chosen by
 * measuring.  Alone on two free cores, duo wins; on a crowded or single
 * CPU the twin gets its CPU late or takes it from the caller, and solo wins.
 * So pace times whole steps (from one round's start to the next) in short
 * trials of each mode, then keeps the faster mode for a stretch of rounds
 * that doubles while the same mode keeps winning, and tries again. */
#ifndef SKILL_PACE_H
#define SKILL_PACE_H

enum { PACE_SOLO = 0, PACE_DUO = 1 };
enum { PACE_TRIAL = 16, PACE_FIRST_STRETCH = 64, PACE_MAX_STRETCH = 4096 };

typedef struct pace {
    long long last;             /* when the previous round started, in ns */
    int mode;                   /* the previous round's mode */
    int measured;               /* whether the previous round's time counts */
    int phase;                  /* trying duo, trying solo, or keeping the winner */
    int round;                  /* rounds done in this phase */
    int winner, stretch;        /* the mode kept, and for how many rounds */
    int n[2];                   /* step times measured in this trial, per mode */
    long long took[2][PACE_TRIAL];
} pace;

void pace_init(pace *p);
/* The mode of the round starting at NOW (ns, any monotonic origin); it
 * also ends the previous round, whose time it records when measuring. */
int pace_round(pace *p, long long now);

#endif
