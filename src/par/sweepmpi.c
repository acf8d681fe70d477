/* sweepmpi.c - a sweep's points over the processes of an MPI job; see
 * sweepmpi.h.  On each process the thread that started MPI only talks: the
 * first process's hands out point numbers, the others' ask for them; the
 * points run on THREADS threads of their own.  Every wait sleeps between
 * tests (mpiwait.h). */
#include "config.h"

#include "sweepmpi.h"

#include <stdio.h>

#ifdef HAVE_MPI

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "mpiwait.h"

/* An ask, a point given, and the first process's last word of the sweep
 * to each other (1: a process was stopped by a signal, stop now; 0: the
 * sweep is over). */
enum { TAG_ASK = 1, TAG_GIVE = 2, TAG_STOP = 3 };
/* What a process says when it asks for a point. */
enum { ASK_DONE, ASK_STEPS, ASK_FAILED, ASK_CANCELLED, ASK_LEN };
enum { QUEUE_MAX = 64 };

typedef struct dispatch {
    par_sweep *s;
    int first;                  /* this is the process that hands points out */
    pthread_mutex_t lock;
    pthread_cond_t more;
    long next;                  /* first process: the next point to hand out */
    int stop;                   /* first process: hand out no more */
    long queue[QUEUE_MAX];      /* others: points given, not yet taken */
    int qlen, waiting, exhausted;
    long *mine;                 /* the points run here, in no order */
    long nmine, capmine;
    long done_here;
    int failed_here;
    int workers_left;
} dispatch;

static int signalled_here(const dispatch *d)
{
    return cancel_requested(d->s->cancel);
}

static int cancelled(dispatch *d)
{
    return signalled_here(d) || __atomic_load_n(&d->s->stop_all, __ATOMIC_RELAXED);
}

static void stop_all(dispatch *d)
{
    __atomic_store_n(&d->s->stop_all, 1, __ATOMIC_RELAXED);
    pthread_mutex_lock(&d->lock);
    pthread_cond_broadcast(&d->more);
    pthread_mutex_unlock(&d->lock);
}

/* First process: the next point, or -1 once all are out or the sweep stops. */
static long hand_out(dispatch *d)
{
    long i = -1;
    pthread_mutex_lock(&d->lock);
    if (!d->stop && !cancelled(d) && d->next < d->s->npoints)
        i = d->next++;
    pthread_mutex_unlock(&d->lock);
    return i;
}

/* Others: a point the first process gave, waiting for one if need be. */
static long take_given(dispatch *d)
{
    long i = -1;
    pthread_mutex_lock(&d->lock);
    d->waiting++;
    while (d->qlen == 0 && !d->exhausted && !cancelled(d))
        pthread_cond_wait(&d->more, &d->lock);
    d->waiting--;
    if (d->qlen > 0 && !cancelled(d)) {
        i = d->queue[0];
        memmove(d->queue, d->queue + 1, (size_t)--d->qlen * sizeof *d->queue);
    }
    pthread_mutex_unlock(&d->lock);
    return i;
}

static void ran_here(dispatch *d, long i)
{
    int failed = d->s->failed(d->s->job, i);
    pthread_mutex_lock(&d->lock);
    if (d->nmine == d->capmine) {
        d->capmine = d->capmine ? 2 * d->capmine : 64;
        d->mine = realloc(d->mine, (size_t)d->capmine * sizeof *d->mine);
        if (!d->mine)
            abort();
    }
    d->mine[d->nmine++] = i;
    d->done_here++;
    d->failed_here |= failed;
    d->stop |= failed;
    pthread_mutex_unlock(&d->lock);
}

static void *worker(void *arg)
{
    dispatch *d = arg;
    long i;
    while ((i = d->first ? hand_out(d) : take_given(d)) >= 0) {
        d->s->run(d->s->job, i);
        ran_here(d, i);
    }
    pthread_mutex_lock(&d->lock);
    d->workers_left--;
    pthread_mutex_unlock(&d->lock);
    return NULL;
}

static int workers_left(dispatch *d)
{
    pthread_mutex_lock(&d->lock);
    int n = d->workers_left;
    pthread_mutex_unlock(&d->lock);
    return n;
}

/* ---- the first process: answers each ask with a point, or -1 ---- */

typedef struct peers {
    long *done, *steps;         /* as each process last said */
    int finished;               /* processes told -1 */
    int cancelled;              /* one said it was stopped */
} peers;

static void answer(dispatch *d, peers *p, const long *ask, int from, MPI_Comm comm)
{
    p->done[from] = ask[ASK_DONE];
    p->steps[from] = ask[ASK_STEPS];
    if (ask[ASK_FAILED] || ask[ASK_CANCELLED]) {
        pthread_mutex_lock(&d->lock);
        d->stop = 1;
        pthread_mutex_unlock(&d->lock);
    }
    p->cancelled |= ask[ASK_CANCELLED] != 0;
    long i = hand_out(d);
    p->finished += i < 0;
    MPI_Send(&i, 1, MPI_LONG, from, TAG_GIVE, comm);
}

static void show_progress(dispatch *d, const peers *p, int size)
{
    pthread_mutex_lock(&d->lock);
    long done = d->done_here;
    pthread_mutex_unlock(&d->lock);
    long steps = d->s->steps(d->s->job);
    for (int r = 1; r < size; r++) {
        done += p->done[r];
        steps += p->steps[r];
    }
    progress_update_points(d->s->prog, done, d->s->npoints, steps);
}

/* The first process's last word to every other (TAG_STOP). */
static void tell_all(long word, MPI_Comm comm, int size)
{
    for (int r = 1; r < size; r++)
        MPI_Send(&word, 1, MPI_LONG, r, TAG_STOP, comm);
}

static int serve(dispatch *d, MPI_Comm comm, int size)
{
    peers p = {calloc((size_t)size, sizeof(long)), calloc((size_t)size, sizeof(long)), 0, 0};
    if (!p.done || !p.steps)
        abort();
    long ask[ASK_LEN];
    MPI_Request req = MPI_REQUEST_NULL;
    backoff b;
    backoff_reset(&b);
    int told = 0;
    for (;;) {
        if (!told && (p.cancelled || signalled_here(d))) {
            stop_all(d);
            tell_all(1, comm, size);
            told = 1;
        }
        if (req == MPI_REQUEST_NULL && p.finished < size - 1)
            MPI_Irecv(ask, ASK_LEN, MPI_LONG, MPI_ANY_SOURCE, TAG_ASK, comm, &req);
        int got = 0;
        MPI_Status st;
        if (req != MPI_REQUEST_NULL)
            MPI_Test(&req, &got, &st);
        if (got)
            answer(d, &p, ask, st.MPI_SOURCE, comm);
        show_progress(d, &p, size);
        if (p.finished == size - 1 && workers_left(d) == 0)
            break;
        if (got)
            backoff_reset(&b);
        else
            backoff_sleep(&b);
    }
    if (!told)
        tell_all(0, comm, size);
    free(p.done);
    free(p.steps);
    return p.cancelled;
}

/* ---- the others: ask for a point whenever a thread waits for one ---- */

static void give(dispatch *d, long i)
{
    pthread_mutex_lock(&d->lock);
    if (i >= 0 && d->qlen < QUEUE_MAX)
        d->queue[d->qlen++] = i;
    else
        d->exhausted = 1;
    pthread_cond_broadcast(&d->more);
    pthread_mutex_unlock(&d->lock);
}

/* Sends an ask when a thread waits with nothing given, or to say this
 * process stops; returns 1 if it did. */
static int ask_if_needed(dispatch *d, MPI_Comm comm)
{
    int stop = cancelled(d);
    pthread_mutex_lock(&d->lock);
    int need = !d->exhausted && (stop || (d->waiting > 0 && d->qlen == 0));
    long ask[ASK_LEN] = {d->done_here, d->s->steps(d->s->job), d->failed_here, signalled_here(d)};
    pthread_mutex_unlock(&d->lock);
    if (need)
        MPI_Send(ask, ASK_LEN, MPI_LONG, 0, TAG_ASK, comm);
    return need;
}

static void ask_for_points(dispatch *d, MPI_Comm comm)
{
    long given, word = 0;
    MPI_Request req = MPI_REQUEST_NULL, last = MPI_REQUEST_NULL;
    MPI_Irecv(&word, 1, MPI_LONG, 0, TAG_STOP, comm, &last);
    int heard = 0;
    backoff b;
    backoff_reset(&b);
    for (;;) {
        int got = 0;
        if (!heard) {
            MPI_Test(&last, &heard, MPI_STATUS_IGNORE);
            if (heard && word)
                stop_all(d);
        }
        if (req == MPI_REQUEST_NULL && ask_if_needed(d, comm)) {
            MPI_Irecv(&given, 1, MPI_LONG, 0, TAG_GIVE, comm, &req);
            backoff_reset(&b);  /* the answer comes soon */
        }
        if (req != MPI_REQUEST_NULL)
            MPI_Test(&req, &got, MPI_STATUS_IGNORE);
        if (got)
            give(d, given);
        pthread_mutex_lock(&d->lock);
        int over = heard && d->exhausted && req == MPI_REQUEST_NULL && d->workers_left == 0;
        pthread_mutex_unlock(&d->lock);
        if (over)
            break;
        if (got)
            backoff_reset(&b);
        else
            backoff_sleep(&b);
    }
}

/* ---- every process: all points' outputs, everywhere ---- */

static void pack_mine(dispatch *d, int stopped, bytebuf *b)
{
    bytes_put_u8(b, stopped);
    for (long k = 0; k < d->nmine; k++) {
        bytes_put_i64(b, d->mine[k]);
        d->s->pack(d->s->job, d->mine[k], b);
    }
}

/* Reads the points another process ran; the highest point number seen
 * into *HIGHEST.  -1 if the bytes are malformed. */
static int unpack_theirs(dispatch *d, const unsigned char *data, size_t len, int *stopped,
                         long *highest)
{
    byteread r = bytes_reader(data, len);
    *stopped |= bytes_get_u8(&r) != 0;
    while (!r.bad && r.at < r.end) {
        int64_t i = bytes_get_i64(&r);
        if (i < 0 || i >= d->s->npoints || d->s->unpack(d->s->job, (long)i, &r) != 0)
            return -1;
        if (i > *highest)
            *highest = (long)i;
    }
    return r.bad ? -1 : 0;
}

static int gather(dispatch *d, int *stopped, long *highest, char *err, size_t errlen)
{
    MPI_Comm comm = cluster_comm();
    int size = cluster_size(), me = cluster_rank();
    bytebuf mine = {0};
    pack_mine(d, *stopped, &mine);
    uint64_t len = mine.len, *lens = calloc((size_t)size, sizeof *lens);
    int *counts = calloc((size_t)size, sizeof *counts), *displs = calloc((size_t)size, sizeof *displs);
    if (!lens || !counts || !displs)
        abort();
    MPI_Request req;
    MPI_Iallgather(&len, 1, MPI_UINT64_T, lens, 1, MPI_UINT64_T, comm, &req);
    mpi_wait_polled(&req, NULL, 0);
    uint64_t total = 0;
    for (int r = 0; r < size; r++) {
        displs[r] = (int)total;
        counts[r] = (int)lens[r];
        total += lens[r];
    }
    int rc = 0;
    if (total > INT_MAX) {      /* every process sees the same sizes */
        snprintf(err, errlen, "the sweep's outputs are too large to gather over MPI "
                 "(%.0f bytes in all; at most 2 GiB)", (double)total);
        rc = -1;
    }
    unsigned char *all = rc == 0 ? malloc(total + 1) : NULL;
    if (rc == 0 && !all)
        abort();
    if (rc == 0) {
        MPI_Iallgatherv(mine.data, (int)mine.len, MPI_BYTE, all, counts, displs, MPI_BYTE, comm, &req);
        mpi_wait_polled(&req, NULL, 0);
    }
    for (int r = 0; r < size && rc == 0; r++)
        if (r != me && unpack_theirs(d, all + displs[r], lens[r], stopped, highest) != 0) {
            snprintf(err, errlen, "the outputs of MPI process %d could not be read back", r);
            rc = -1;
        }
    for (long k = 0; k < d->nmine; k++)
        if (d->mine[k] > *highest)
            *highest = d->mine[k];
    free(all);
    free(lens);
    free(counts);
    free(displs);
    bytes_free(&mine);
    return rc;
}

/* Every process must be at the same sweep with the same points: a script
 * that read different data on different processes is caught here, before
 * any point is handed out.  0, or -1 on every process with a reason. */
static int same_sweep(const par_sweep *s, char *err, size_t errlen)
{
    long mine[2] = {s->npoints, -s->npoints}, most[2];
    MPI_Request req;
    MPI_Iallreduce(mine, most, 2, MPI_LONG, MPI_MAX, cluster_comm(), &req);
    mpi_wait_polled(&req, NULL, 0);
    if (most[0] == -most[1])
        return 0;
    snprintf(err, errlen, "the processes of the MPI job disagree about this sweep (from %ld to %ld "
             "points): every process must compute the same (did they read different files?)",
             -most[1], most[0]);
    return -1;
}

int par_sweep_run(par_sweep *s, long *ran, int *by_signal_here, char *err, size_t errlen)
{
    *ran = 0;
    *by_signal_here = 0;
    if (same_sweep(s, err, errlen) != 0)
        return PAR_ERROR;
    dispatch d;
    memset(&d, 0, sizeof d);
    d.s = s;
    d.first = cluster_rank() == 0;
    pthread_mutex_init(&d.lock, NULL);
    pthread_cond_init(&d.more, NULL);
    int n = s->threads < 1 ? 1 : s->threads > 256 ? 256 : s->threads, started = 0;
    pthread_t *tid = calloc((size_t)n, sizeof *tid);
    if (!tid)
        abort();
    for (int t = 0; t < n; t++) {
        pthread_mutex_lock(&d.lock);
        d.workers_left++;
        pthread_mutex_unlock(&d.lock);
        if (pthread_create(&tid[started], NULL, worker, &d) == 0) {
            started++;
            continue;
        }
        pthread_mutex_lock(&d.lock);
        d.workers_left--;
        pthread_mutex_unlock(&d.lock);
    }
    if (started == 0) {
        fputs("skill: cannot start a thread for the sweep's points\n", stderr);
        abort();
    }
    int stopped = 0;
    if (d.first)
        stopped = serve(&d, cluster_comm(), cluster_size());
    else
        ask_for_points(&d, cluster_comm());
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    *by_signal_here = signalled_here(&d);
    stopped |= *by_signal_here;
    long highest = -1;
    int rc = gather(&d, &stopped, &highest, err, errlen);
    *ran = highest + 1;
    free(tid);
    free(d.mine);
    pthread_cond_destroy(&d.more);
    pthread_mutex_destroy(&d.lock);
    return rc != 0 ? PAR_ERROR : stopped ? PAR_CANCELLED : PAR_OK;
}

#else /* no MPI: one process, never called */

int par_sweep_run(par_sweep *s, long *ran, int *by_signal_here, char *err, size_t errlen)
{
    (void)s;
    *ran = 0;
    *by_signal_here = 0;
    snprintf(err, errlen, "this skill was built without MPI");
    return PAR_ERROR;
}

#endif
