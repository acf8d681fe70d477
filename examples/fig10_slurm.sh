#!/bin/sh
# fig10_slurm.sh - Figure 10's whole grid for one optimizer (4 seeds x 7
# alphas x 50 widths x 100 000 steps = 1 400 Geometry runs, K = 1 000 Zipf
# skills, ce, batch 1 024, Adam; examples/fig10_scaling_laws.skill) as a
# Slurm batch job on MPI.  skill must be built with ./configure --with-mpi
# (skill --version says "MPI: yes"); README.md, "Running on a cluster (MPI)",
# and skill(1), MPI, say what runs where.
#
#   sbatch examples/fig10_slurm.sh                 Adam
#   sbatch --export=ALL,OPT=2 examples/fig10_slurm.sh   SignGD
#
# Every task runs the same script; the sweep's 1 400 points are handed out
# one at a time to the tasks' threads, and task 0 writes the CSVs and SVGs
# into OUT, byte for byte those of `skill run -j 1` on one machine.  A run
# takes about 4 CPU-seconds on average (11 s at width 1 000), so the 128
# cores asked for below finish the grid in about a minute, against 49
# minutes on 2 cores (README.md has the arithmetic).  If the job fails or
# is cancelled, the files in OUT are complete ones; submit it again to
# redo the whole grid.
#
#SBATCH --job-name=fig10
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=4
#SBATCH --cpus-per-task=8
#SBATCH --time=01:00:00
#SBATCH --output=fig10-%j.log
set -eu
cd "${SLURM_SUBMIT_DIR:-.}"
SKILL=${SKILL:-skill}
OPT=${OPT:-1}
OUT=${OUT:-fig10-$OPT}
# One BLAS thread per process: skill threads its own work (-j).
export OPENBLAS_NUM_THREADS=1
# srun starts the tasks through Slurm's PMI (PMIx here; see `srun --mpi=list`);
# with Open MPI outside Slurm: mpirun -n 16 skill run ... -j 8.
srun --mpi=pmix "$SKILL" run -q -j "${SLURM_CPUS_PER_TASK:-1}" -o "$OUT" \
  examples/fig10_scaling_laws.skill \
  -D "optimizers=[$OPT]" -D "dims=linspace(20, 1000, 50)"
