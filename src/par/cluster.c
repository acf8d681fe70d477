/* cluster.c - joining and ending an MPI job; see cluster.h. */
#include "config.h"

#include "cluster.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_MPI
#include "mpiwait.h"
#endif

/* MPI belongs to the process: so does what it said. */
static int rank_here, ranks = 1, joined;
static int own_stderr = -1;     /* the others': their stderr before it was quieted */

int cluster_rank(void)
{
    return rank_here;
}

int cluster_size(void)
{
    return ranks;
}

int cluster_built_with_mpi(void)
{
#ifdef HAVE_MPI
    return 1;
#else
    return 0;
#endif
}

/* The number of processes an MPI launcher started, from its environment
 * (Open MPI's mpirun, MPICH's Hydra, Slurm's srun with PMI-2 or PMIx): 0
 * if none started this process, -1 if one did but did not say how many. */
static long launched_size(void)
{
    static const char *const sizes[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE",
                                        "SLURM_STEP_NUM_TASKS", NULL};
    static const char *const ranks_[] = {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", NULL};
    int launched = 0;
    for (int i = 0; ranks_[i]; i++)
        launched |= getenv(ranks_[i]) != NULL;
    for (int i = 0; launched && sizes[i]; i++) {
        const char *v = getenv(sizes[i]);
        if (v && *v)
            return strtol(v, NULL, 10);
    }
    return launched ? -1 : 0;
}

void cluster_quiet_others(void)
{
    if (rank_here == 0)
        return;
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null < 0)
        return;
    fflush(stdout);
    fflush(stderr);
    own_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    close(null);
}

#ifdef HAVE_MPI

/* One communicator for each kind of meeting, so that processes that went
 * apart (one stopped on an error of its own) never take one kind for
 * another: sweeps, files' outcomes, the end. */
static MPI_Comm comm = MPI_COMM_NULL, comm_share = MPI_COMM_NULL, comm_end = MPI_COMM_NULL;

MPI_Comm cluster_comm(void)
{
    return comm;
}

void backoff_reset(backoff *b)
{
    b->ns = 20000;
}

void backoff_sleep(backoff *b)
{
    struct timespec ts = {0, b->ns};
    nanosleep(&ts, NULL);
    if (b->ns < 2000000)
        b->ns = b->ns * 3 / 2;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int mpi_wait_polled(MPI_Request *req, MPI_Status *status, double timeout_s)
{
    backoff b;
    backoff_reset(&b);
    double until = timeout_s > 0 ? now_s() + timeout_s : 0;
    for (;;) {
        int done = 0;
        MPI_Test(req, &done, status ? status : MPI_STATUS_IGNORE);
        if (done)
            return 0;
        if (timeout_s > 0 && now_s() > until)
            return -1;
        backoff_sleep(&b);
    }
}

int cluster_start(int *argc, char ***argv, char *err, size_t errlen)
{
    if (launched_size() == 0)
        return 0;               /* not under mpirun: one process, and no MPI at all */
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        snprintf(err, errlen, "MPI could not start (MPI_Init_thread failed)");
        return -1;
    }
    joined = 1;
    if (provided < MPI_THREAD_FUNNELED) {
        snprintf(err, errlen, "this MPI library cannot be used with threads (MPI_THREAD_FUNNELED)");
        return -1;
    }
    MPI_Comm_dup(MPI_COMM_WORLD, &comm);
    MPI_Comm_dup(MPI_COMM_WORLD, &comm_share);
    MPI_Comm_dup(MPI_COMM_WORLD, &comm_end);
    MPI_Comm_rank(comm, &rank_here);
    MPI_Comm_size(comm, &ranks);
    return 0;
}

int cluster_share(int value)
{
    if (comm_share == MPI_COMM_NULL || ranks == 1)
        return value;
    MPI_Request req;
    MPI_Ibcast(&value, 1, MPI_INT, 0, comm_share, &req);
    mpi_wait_polled(&req, NULL, 0);
    return value;
}

/* Said on the stderr this process had at start (the others' own messages
 * went to /dev/null): process 0 may not know why the job ends. */
static void abort_job(int status)
{
    char line[256];
    int n = snprintf(line, sizeof line,
                     "skill: MPI process %d of %d stopped with exit status %d while the others went on; "
                     "aborting the job\n", rank_here, ranks, status);
    int fd = own_stderr >= 0 ? own_stderr : STDERR_FILENO;
    ssize_t said = n > 0 ? write(fd, line, (size_t)n) : 0;
    (void)said;                 /* if it fails, there is nowhere left to say so */
    MPI_Abort(MPI_COMM_WORLD, status);
}

/* How long a process that failed waits for the others at the end before
 * it aborts the job: they may have stopped elsewhere and never come. */
enum { FAILED_WAIT_S = 10 };

int cluster_finish(int status)
{
    if (!joined)
        return status;
    fflush(stdout);
    fflush(stderr);
    if (comm_end != MPI_COMM_NULL) {
        MPI_Request req;
        MPI_Ibarrier(comm_end, &req);
        if (mpi_wait_polled(&req, NULL, status == 0 ? 0 : FAILED_WAIT_S) != 0)
            abort_job(status);
        MPI_Comm_free(&comm_end);
        MPI_Comm_free(&comm_share);
        MPI_Comm_free(&comm);
    }
    MPI_Finalize();
    return status;
}

#else /* no MPI */

int cluster_start(int *argc, char ***argv, char *err, size_t errlen)
{
    (void)argc;
    (void)argv;
    long n = launched_size();
    if (n <= 1)
        return 0;
    snprintf(err, errlen,
             "started as one of %ld MPI processes, but this skill was built without MPI "
             "(each would run the whole script); build it with ./configure --with-mpi",
             n);
    return -1;
}

int cluster_share(int value)
{
    return value;
}

int cluster_finish(int status)
{
    (void)joined;
    return status;
}

#endif
