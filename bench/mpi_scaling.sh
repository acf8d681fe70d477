#!/bin/sh
# Strong scaling of a sweep on MPI (README.md, "Running on a cluster
# (MPI)"): a Fig. 10-like grid (K = 1000 Zipf skills, ce, batch 1024, Adam;
# 2 seeds x 7 alphas x widths 40 and 220 = 28 Geometry runs) run as
#   skill run -j 1            (the baseline)
#   mpirun -n 1 skill run -j 1
#   mpirun -n 2 skill run -j 1
#   skill run -j 2            (one process, two threads)
# in one invocation, REPEAT times in turn, checking that every CSV is the
# baseline's byte for byte; then the cost of MPI itself: mpirun's start and
# end, and the scheduling overhead per point (a sweep of POINTS trivial
# points on 2 processes against one).  Prints the load average before and
# after.  Usage: bench/mpi_scaling.sh [path/to/skill] [nsteps] [repeat]
#   nsteps (default 50000) sets the baseline's time: about 40 s on one core;
#   0 measures MPI's own costs only.  POINTS: the trivial sweep's points.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
nsteps=${2:-50000}
repeat=${3:-2}
points=${POINTS:-4000}
case $skill in /*) ;; *) skill=$(pwd)/$skill ;; esac
"$skill" --version | grep -q '^MPI: yes' || { echo "mpi_scaling.sh: $skill was built without MPI" >&2; exit 2; }
OMPI_ALLOW_RUN_AS_ROOT=1; OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM OMPI_MCA_rmaps_base_oversubscribe
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cat > grid.skill <<SK
param nsteps = $nsteps
param alpha = 1
skill S[1..1000] freq zipf(alpha)
geometry G { dim = 100; vectors = random; loss = ce; batch = 1024; optimizer = adam(lr: 0.01) }
let grid = sweep s in [0, 1], a in [0.5, 1, 1.2, 1.4, 1.6, 1.8, 2], d in [40, 220] {
  let r = run G with seed = s, alpha = a, dim = d for nsteps steps every nsteps
  row seed = s, alpha = a, dim = d, loss = final_loss(r)
}
save grid -> "grid.csv"
SK
cat > trivial.skill <<SK
param n = $points
let t = sweep i in 1..n { row i = i, sq = i * i }
save t -> "t.csv"
SK

# seconds NAME COMMAND...: runs it with its files in NAME/; prints its wall
# time and the CPU time of it and all its processes, in seconds.
seconds() {
  name=$1; shift
  rm -rf "$name" && mkdir "$name"
  /usr/bin/time -f '%e %U %S' -o "$name.time" "$@" -o "$name" > "$name.out"
  awk '{ printf "%.2f %.2f", $1, $2 + $3 }' "$name.time"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $nsteps steps per run, 28 runs"
: > times
test "$nsteps" -gt 0 || repeat=0
r=1
while [ $r -le "$repeat" ]; do
  echo "seq $(seconds seq "$skill" run -q -j 1 grid.skill)" >> times
  echo "n1 $(seconds n1 mpirun -n 1 "$skill" run -q -j 1 grid.skill)" >> times
  echo "n2 $(seconds n2 mpirun -n 2 "$skill" run -q -j 1 grid.skill)" >> times
  echo "j2 $(seconds j2 "$skill" run -q -j 2 grid.skill)" >> times
  for d in n1 n2 j2; do cmp -s seq/grid.csv "$d/grid.csv" || { echo "mpi_scaling.sh: $d/grid.csv differs" >&2; exit 1; }; done
  r=$((r + 1))
done
if [ "$repeat" -gt 0 ]; then
# Per configuration: each run's wall time, the fastest, the CPU time of the
# fastest, and the speed-up of the fastest over the baseline's fastest.
awk '
  { wall[$1] = wall[$1] sprintf(" %7.2f", $2)
    if (!($1 in best) || $2 < best[$1]) { best[$1] = $2; cpu[$1] = $3 } }
  END {
    split("seq n1 n2 j2", order, " ")
    label["seq"] = "1 process  x -j 1 (no mpirun)"; label["n1"] = "mpirun -n 1 x -j 1"
    label["n2"] = "mpirun -n 2 x -j 1"; label["j2"] = "1 process  x -j 2 (no mpirun)"
    printf "%-30s %s | fastest, its CPU s, speed-up\n", "configuration", "wall s of each run"
    for (i = 1; i <= 4; i++) {
      k = order[i]
      printf "%-30s%s | %7.2f %7.2f %5.2fx\n", label[k], wall[k], best[k], cpu[k], best["seq"] / best[k]
    }
    printf "one run: %.2f s of CPU (the baseline'"'"'s CPU time / 28)\n", cpu["seq"] / 28
  }' times
echo "(every CSV identical to the baseline's)"
fi

# MPI's own costs.
start1=$(seconds s1 mpirun -n 2 "$skill" run -q -j 1 trivial.skill -D n=1)
seqp=$(seconds sp "$skill" run -q -j 1 trivial.skill)
seq1=$(seconds s0 "$skill" run -q -j 1 trivial.skill -D n=1)
mpip=$(seconds mp mpirun -n 2 "$skill" run -q -j 1 trivial.skill)
cmp -s sp/t.csv mp/t.csv || { echo "mpi_scaling.sh: the trivial sweep's CSV differs" >&2; exit 1; }
awk -v s1="$start1" -v s0="$seq1" -v sp="$seqp" -v mp="$mpip" -v p="$points" 'BEGIN {
  printf "mpirun -n 2 start and end (one trivial point): %.2f s (%.2f s without mpirun)\n", s1, s0
  printf "scheduling overhead per point, 2 processes, %d trivial points: %.0f us (%.1f us without MPI)\n",
         p, 1e6 * (mp - s1) / p, 1e6 * (sp - s0) / p
}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
