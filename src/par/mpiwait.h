/* mpiwait.h - waiting on MPI without spinning.  Open MPI's blocking calls
 * poll at full speed on a core the sweep's threads need; these wait on a
 * non-blocking request by testing it, sleeping between tests from 20 us up
 * to 2 ms.  Only the thread that started MPI calls them (FUNNELED). */
#ifndef SKILL_MPIWAIT_H
#define SKILL_MPIWAIT_H

#include <mpi.h>

/* The job's own communicator (a duplicate of MPI_COMM_WORLD). */
MPI_Comm cluster_comm(void);

/* A wait that sleeps longer the longer nothing happens. */
typedef struct backoff {
    long ns;
} backoff;

void backoff_reset(backoff *b);
void backoff_sleep(backoff *b);

/* Waits for REQ to complete; 0, or -1 if TIMEOUT_S seconds (> 0) passed
 * first (REQ is then still pending). */
int mpi_wait_polled(MPI_Request *req, MPI_Status *status, double timeout_s);

#endif
