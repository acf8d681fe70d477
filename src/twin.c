#include "twin.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct twin {
    pthread_t thread;
    void (*fn)(void *);
    void *arg;
    atomic_int go;              /* jobs asked for */
    atomic_int done;            /* jobs finished */
    atomic_int quit;
};

static void *twin_main(void *arg)
{
    twin *t = arg;
    int seen = 0;
    for (;;) {
        int go;
        while ((go = atomic_load_explicit(&t->go, memory_order_acquire)) == seen)
            if (atomic_load_explicit(&t->quit, memory_order_relaxed))
                return NULL;
        seen = go;
        t->fn(t->arg);
        atomic_store_explicit(&t->done, seen, memory_order_release);
    }
}

twin *twin_start(void)
{
    twin *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    if (pthread_create(&t->thread, NULL, twin_main, t) != 0) {
        free(t);
        return NULL;
    }
    return t;
}

void twin_stop(twin *t)
{
    if (!t)
        return;
    atomic_store(&t->quit, 1);
    pthread_join(t->thread, NULL);
    free(t);
}

void twin_run(twin *t, void (*fn)(void *), void *arg)
{
    t->fn = fn;
    t->arg = arg;
    atomic_fetch_add_explicit(&t->go, 1, memory_order_release);
}

void twin_wait(twin *t)
{
    int want = atomic_load_explicit(&t->go, memory_order_relaxed);
    while (atomic_load_explicit(&t->done, memory_order_acquire) != want)
        ;
}
