#include "twin.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "cpus.h"
#include "pace.h"

/* A job is posted, then taken by whichever thread gets to it first: the
 * twin, or the caller once it has done its own half.  So a twin that has
 * no CPU at the moment never holds the caller up. */
enum { EMPTY, POSTED, TAKEN, FINISHED };

/* How long each side spins before it sleeps: the twin, for the next job
 * (steps come every few tens of microseconds); the caller, for a job the
 * twin has taken (it started no later than the caller's own half). */
#define TWIN_SPIN_NS 100000
#define CALLER_SPIN_NS 50000

struct twin {
    pthread_t thread;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t posted, finished;
    void (*fn)(void *);
    void *arg;
    atomic_int state;
    atomic_int twin_asleep, caller_asleep, quit;
    int solo;                   /* this round's jobs run on the caller */
    int by_step;                /* the caller marks its steps: a round is a step */
    pace pace;
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* Spins until *WORD is WANT or NS nanoseconds have passed; true if it is.
 * YIELD: now and then let a thread waiting for this CPU run (the twin does,
 * in case that is the caller; a late twin costs nothing, a late caller a
 * whole step). */
static int spin_for(atomic_int *word, int want, long long ns, int yield)
{
    long long until = now_ns() + ns;
    for (int i = 1;; i++) {
        if (atomic_load(word) == want)
            return 1;
        cpu_relax();
        if (i % 64 == 0) {
            if (now_ns() > until)
                return 0;
            if (yield)
                sched_yield();
        }
    }
}

/* Sleeps on COND until *WORD is WANT (or quit, for the twin).  ASLEEP tells
 * the other side to signal: it is set before the last look at *WORD, and
 * the other side sets *WORD before looking at ASLEEP, so one of them sees
 * the other's store and no wake-up is lost. */
static void sleep_until(twin *t, pthread_cond_t *cond, atomic_int *asleep, atomic_int *word, int want)
{
    pthread_mutex_lock(&t->lock);
    atomic_store(asleep, 1);
    while (atomic_load(word) != want && !atomic_load(&t->quit))
        pthread_cond_wait(cond, &t->lock);
    atomic_store(asleep, 0);
    pthread_mutex_unlock(&t->lock);
}

static void wake(twin *t, pthread_cond_t *cond, atomic_int *asleep)
{
    if (!atomic_load(asleep))
        return;
    pthread_mutex_lock(&t->lock);
    pthread_cond_signal(cond);
    pthread_mutex_unlock(&t->lock);
}

static void *twin_main(void *arg)
{
    twin *t = arg;
    for (;;) {
        if (!spin_for(&t->state, POSTED, TWIN_SPIN_NS, 1))
            sleep_until(t, &t->posted, &t->twin_asleep, &t->state, POSTED);
        if (atomic_load(&t->quit))
            return NULL;
        int expect = POSTED;
        if (!atomic_compare_exchange_strong(&t->state, &expect, TAKEN))
            continue;           /* the caller took it */
        void (*fn)(void *) = t->fn;
        fn(t->arg);
        atomic_store(&t->state, FINISHED);
        wake(t, &t->finished, &t->caller_asleep);
    }
}

twin *twin_start(void)
{
    if (cpus_usable() < 2)
        return NULL;            /* it would only take turns with the caller */
    twin *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    pace_init(&t->pace, &pace_handoffs);
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->posted, NULL);
    pthread_cond_init(&t->finished, NULL);
    t->started = pthread_create(&t->thread, NULL, twin_main, t) == 0;
    if (!t->started) {
        twin_stop(t);
        return NULL;
    }
    return t;
}

void twin_stop(twin *t)
{
    if (!t)
        return;
    if (t->started) {
        atomic_store(&t->quit, 1);
        pthread_mutex_lock(&t->lock);
        pthread_cond_signal(&t->posted);
        pthread_mutex_unlock(&t->lock);
        pthread_join(t->thread, NULL);
    }
    pthread_cond_destroy(&t->posted);
    pthread_cond_destroy(&t->finished);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

void twin_step(twin *t)
{
    if (!t->by_step) {
        t->by_step = 1;
        pace_init(&t->pace, &pace_steps);
    }
    t->solo = pace_round(&t->pace, now_ns()) == PACE_SOLO;
}

void twin_run(twin *t, void (*fn)(void *), void *arg)
{
    t->fn = fn;
    t->arg = arg;
    if (!t->by_step)
        t->solo = pace_round(&t->pace, now_ns()) == PACE_SOLO;
    if (t->solo)
        return;
    atomic_store(&t->state, POSTED);
    wake(t, &t->posted, &t->twin_asleep);
}

void twin_wait(twin *t)
{
    int expect = POSTED;
    if (t->solo || atomic_compare_exchange_strong(&t->state, &expect, EMPTY)) {
        t->fn(t->arg);
        return;
    }
    if (!spin_for(&t->state, FINISHED, CALLER_SPIN_NS, 0))
        sleep_until(t, &t->finished, &t->caller_asleep, &t->state, FINISHED);
    atomic_store(&t->state, EMPTY);
}
