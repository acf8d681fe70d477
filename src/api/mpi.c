/* mpi.c - the MPI job, for the command line (skill.h's MPI functions):
 * the library's src/par/cluster.h under public names. */
#include "skill.h"

#include "cluster.h"

int skill_mpi_start(int *argc, char ***argv, char *err, size_t errlen)
{
    return cluster_start(argc, argv, err, errlen) == 0 ? SKILL_OK : SKILL_ERUNTIME;
}

int skill_mpi_rank(void)
{
    return cluster_rank();
}

int skill_mpi_size(void)
{
    return cluster_size();
}

int skill_mpi_available(void)
{
    return cluster_built_with_mpi();
}

void skill_mpi_quiet_others(void)
{
    cluster_quiet_others();
}

int skill_mpi_finish(int status)
{
    return cluster_finish(status);
}
