/* pace.h - whether a split step should hand its second half to the twin
 * thread (duo) or run both halves on the calling thread (solo), chosen by
 * measuring.  Alone on two free cores, duo wins; on a crowded or single
 * CPU the twin gets its CPU late or takes it from the caller, and solo wins.
 * So pace times rounds (from one round's start to the next) in short trials
 * of each mode, then keeps the faster mode for a stretch of rounds that
 * grows fourfold while the same mode keeps winning, and tries again.  A
 * round is one handoff (a Geometry or Resource step) or, for a caller that
 * marks its steps (twin_step), one step of several handoffs. */
#ifndef SKILL_PACE_H
#define SKILL_PACE_H

enum { PACE_SOLO = 0, PACE_DUO = 1 };
/* The most rounds a trial times. */
enum { PACE_MAX_TRIAL = 256 };

/* How long trials and stretches last.  A trial warms a mode up for
 * warm_up rounds and warm_up_ns (after a switch the twin's core may be
 * clocked down and its caches cold), then times at least trial rounds and
 * trial_ns (but no more than PACE_MAX_TRIAL rounds).  Stretches start at
 * first_stretch rounds (the very first at a quarter of that) and grow to
 * max_stretch. */
typedef struct pace_plan {
    int warm_up, trial, first_stretch, max_stretch;
    long long warm_up_ns, trial_ns;
} pace_plan;

/* For rounds of tens of microseconds: one handoff per step. */
extern const pace_plan pace_handoffs;
/* For rounds of a millisecond or more, each a step of several handoffs of
 * differing cost: one such round spans many scheduler slices already but
 * costs as much as hundreds of short ones, so a trial is a few rounds (or
 * 20 ms), and the longest stretch (a minute of 60 ms steps) is an eighth
 * of the other plan's, so a change of load is still noticed. */
extern const pace_plan pace_steps;

typedef struct pace {
    const pace_plan *plan;
    long long last;             /* when the previous round started, in ns */
    long long since;            /* when this phase's warm-up or timing began */
    int mode;                   /* the previous round's mode */
    int measured;               /* whether the previous round's time counts */
    int phase;                  /* warming or timing duo or solo, or keeping the winner */
    int round;                  /* rounds started in this phase */
    int winner, stretch;        /* the mode kept, and for how many rounds */
    int n[2];                   /* round times measured in this trial, per mode */
    long long took[2][PACE_MAX_TRIAL];
} pace;

void pace_init(pace *p, const pace_plan *plan);
/* The mode of the round starting at NOW (ns, any monotonic origin); it
 * also ends the previous round, whose time it records when measuring. */
int pace_round(pace *p, long long now);

#endif
