/* signals.h - how the command line answers SIGINT, SIGTERM and SIGHUP.
 * The first such signal only raises a flag, which the library polls
 * (skill_options' `cancelled`), so that the work under way stops at its
 * next poll and unwinds cleanly, removing unfinished files; the program
 * then exits 128 + the signal's number.  A second signal before the first was dealt with ends
 * the process at once, as if it had not been caught. */
#ifndef SKILL_SIGNALS_H
#define SKILL_SIGNALS_H

/* Signals ignored when the program started (nohup, a shell's background
 * job) stay ignored. */
void signals_catch(void);
/* The signal caught and not yet forgotten, or 0. */
int signals_caught(void);
/* The signal was dealt with (the REPL's Ctrl-C stopped a run): the next
 * one is a first one again. */
void signals_forget(void);
/* Nonzero while a signal is caught: skill_options' `cancelled` poll. */
int signals_pending(void *unused);
/* "SIGINT", "SIGTERM", "SIGHUP". */
const char *signals_name(int sig);

#endif
