/* The twin: every job runs exactly once and its writes are seen by the
 * caller after twin_wait, whichever thread ran it, also when the caller
 * marks steps of several jobs (twin_step); a twin left idle uses no
 * CPU (it sleeps rather than spins); stopping an idle twin returns; a
 * process that may use one CPU gets no twin. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

#include "cpus.h"
#include "testkit.h"
#include "twin.h"

typedef struct job {
    long runs;                  /* plain, not atomic: twin_wait must publish it */
    pthread_t ran_on;
} job;

/* About ten microseconds of work, like half a small step. */
static void work(void)
{
    volatile double x = 1;
    for (int i = 0; i < 4000; i++)
        x = x * 1.0000001 + 1e-9;
}

static void count(void *arg)
{
    job *j = arg;
    work();
    j->runs++;
    j->ran_on = pthread_self();
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static double cpu_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void check_each_job_runs_once(void)
{
    twin *t = twin_start();
    CHECK(t != NULL, "twin_start failed");
    if (!t)
        return;
    job j = {0, pthread_self()};
    long twin_ran = 0;
    for (long round = 1; round <= 20000; round++) {
        twin_run(t, count, &j);
        work();
        twin_wait(t);
        CHECK(j.runs == round, "round %ld: the job ran %ld times in all", round, j.runs);
        twin_ran += !pthread_equal(j.ran_on, pthread_self());
        if (j.runs != round)
            break;
    }
    twin_stop(t);
    printf("twin ran %ld of 20000 jobs\n", twin_ran);
}

/* Steps of three jobs, as a network's forward pass and two layers back:
 * each job runs once, and the twin takes some of them. */
static void check_jobs_in_steps(void)
{
    twin *t = twin_start();
    CHECK(t != NULL, "twin_start failed");
    if (!t)
        return;
    job j = {0, pthread_self()};
    long twin_ran = 0, jobs = 0;
    for (long step = 1; step <= 5000 && j.runs == jobs; step++) {
        twin_step(t);
        for (int pass = 0; pass < 3; pass++) {
            twin_run(t, count, &j);
            work();
            twin_wait(t);
            jobs++;
            twin_ran += !pthread_equal(j.ran_on, pthread_self());
        }
        CHECK(j.runs == jobs, "step %ld: %ld jobs ran %ld times in all", step, jobs, j.runs);
    }
    twin_stop(t);
    printf("in steps, twin ran %ld of %ld jobs\n", twin_ran, jobs);
}

/* The caller's own half takes 2 ms, so the twin takes the job; then the
 * twin is left alone for 200 ms. */
static void check_idle_twin_sleeps(void)
{
    twin *t = twin_start();
    job j = {0, pthread_self()};
    for (int tries = 0; tries < 50 && pthread_equal(j.ran_on, pthread_self()); tries++) {
        twin_run(t, count, &j);
        pause_ms(2);
        twin_wait(t);
    }
    CHECK(!pthread_equal(j.ran_on, pthread_self()), "the twin never took a job");
    clockid_t clock;
    if (pthread_equal(j.ran_on, pthread_self()) || pthread_getcpuclockid(j.ran_on, &clock) != 0) {
        twin_stop(t);
        return;
    }
    double before = cpu_seconds(clock);
    pause_ms(200);
    double used = cpu_seconds(clock) - before;
    CHECK(used < 0.01, "an idle twin used %.3f s of CPU in 0.2 s, want < 0.01", used);
    printf("idle twin: %.6f s of CPU in 0.2 s\n", used);
    twin_stop(t);
}

static void check_no_twin_on_one_cpu(void)
{
    cpu_set_t all, one;
    if (sched_getaffinity(0, sizeof all, &all) != 0)
        return;
    CPU_ZERO(&one);
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &all)) {
            CPU_SET(c, &one);
            break;
        }
    if (sched_setaffinity(0, sizeof one, &one) != 0)
        return;
    twin *t = twin_start();
    CHECK(t == NULL, "pinned to one CPU, twin_start made a twin");
    twin_stop(t);
    sched_setaffinity(0, sizeof all, &all);
}

int main(void)
{
    check_no_twin_on_one_cpu();
    if (cpus_usable() < 2) {
        printf("twin: this process may use one CPU; the rest skipped\n");
        return failures ? 1 : 77;
    }
    check_each_job_runs_once();
    check_jobs_in_steps();
    check_idle_twin_sleeps();
    if (failures)
        return 1;
    printf("twin: all checks passed\n");
    return 0;
}
