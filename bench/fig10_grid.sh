#!/bin/sh
# Fig. 10's whole grid for one optimizer (4 seeds x 7 alphas x 50 widths x
# 100 000 steps = 1400 runs; K = 1000, ce, batch 1024), timed wall-clock,
# next to the reference code's estimated cost (about 85 CPU-hours; README.md,
# Speed).  Usage: bench/fig10_grid.sh [path/to/skill] [optimizer]
#   optimizer: 1 = Adam (default), 2 = SignGD.  Took 49 min on 2 cores with
#   float64 kernels, 23 min 59 s with float32 (README.md, Speed);
#   bench/fig10_slice.sh times a twentieth of it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
opt=${2:-1}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
"$skill" run -q -o "$tmp" "$here/../examples/fig10_scaling_laws.skill" \
  -D "optimizers=[$opt]" -D "dims=linspace(20, 1000, 50)"
end=$(date +%s)
wall=$((end - start))
echo "Fig. 10 grid, optimizer $opt, $(nproc) cores: $wall s wall ($(awk -v s="$wall" 'BEGIN { printf "%.2f", s / 3600 }') h);" \
     "reference estimate 85 CPU-hours ($(awk -v s="$wall" -v n="$(nproc)" 'BEGIN { printf "%.0f", 85 * 3600 / (s * n) }')x less CPU time)"
