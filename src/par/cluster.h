/* cluster.h - the processes of an MPI job (skill(1), MPI): started by
 * mpirun (or srun), each runs the same script; this says which one this
 * is, and ends the job together.  Without an MPI build, or outside an MPI
 * launcher, there is one process and every call is trivial.  MPI is a
 * property of the process, so the state here is too (one per process). */
#ifndef SKILL_CLUSTER_H
#define SKILL_CLUSTER_H

#include <stddef.h>

/* Joins the job if an MPI launcher started this process: 0, or -1 with a
 * reason in ERR (MPI could not start, its threads are not supported, or
 * the launcher asks for more processes than a build without MPI can be). */
int cluster_start(int *argc, char ***argv, char *err, size_t errlen);
int cluster_rank(void);         /* 0 .. cluster_size()-1 */
int cluster_size(void);         /* 1 unless started by an MPI launcher with more */
/* 1 if this build can run on MPI. */
int cluster_built_with_mpi(void);
/* The first process's VALUE, on every process (each calls it at the same
 * place): what it alone knows, such as whether a file was written. */
int cluster_share(int value);
/* Ends the job with this process's exit STATUS and returns it.  If every
 * process ends with the same status, the ends meet and MPI is finalised;
 * if some process cannot come (it stopped elsewhere, on an error of its
 * own or a signal), the job is aborted, which ends all processes. */
int cluster_finish(int status);
/* The stream a process other than the first writes its own failures to
 * (the others' standard streams are quiet): stderr as it was at start. */
void cluster_quiet_others(void);

#endif
