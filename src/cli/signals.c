#include "signals.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>

/* The command line's one piece of global state: a signal handler has
 * nowhere else to put what it saw.  Lock-free, so safe in a handler and
 * readable from every thread. */
static atomic_int caught;

static const int handled[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    int none = 0;
    if (!atomic_compare_exchange_strong(&caught, &none, sig)) {
        signal(sig, SIG_DFL);   /* the second one: no more waiting */
        raise(sig);
    }
}

void signals_catch(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;   /* reads and writes carry on; the work polls */
    for (size_t i = 0; i < sizeof handled / sizeof *handled; i++) {
        struct sigaction old;
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;           /* ignored by whoever started us (nohup): stays so */
        sigaction(handled[i], &sa, NULL);
    }
}

int signals_caught(void)
{
    return atomic_load_explicit(&caught, memory_order_relaxed);
}

void signals_forget(void)
{
    atomic_store(&caught, 0);
}

int signals_pending(void *unused)
{
    (void)unused;
    return signals_caught() != 0;
}

const char *signals_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "a signal";
}
