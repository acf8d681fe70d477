#!/bin/sh
# A twentieth of Fig. 10's one-optimizer grid (bench/fig10_grid.sh): seed 0,
# the seven alphas, ten of the fifty widths (linspace(20, 1000, 50) from its
# third, every fifth: 60, 160, ..., 960, mean 510 as the whole grid's),
# K = 1000, ce, batch 1024, Adam, 100 000 steps: 70 runs.  Prints the wall
# and CPU seconds and the whole grid extrapolated (times 20).  Run it with
# two builds one after the other to compare them on a shared machine: the
# CPU seconds vary less with the load than the wall.
# Usage: bench/fig10_slice.sh [path/to/skill]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
test -x /usr/bin/time || { echo "needs /usr/bin/time (Debian's time)"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/slice.skill" <<'SK'
skill S[1..1000] freq zipf(alpha)
param alpha = 1
geometry G { dim = 100; vectors = random; loss = ce; batch = 1024; optimizer = adam(lr: 0.01) }
let grid = sweep a in [0.5, 1, 1.2, 1.4, 1.6, 1.8, 2], d in linspace(60, 960, 10) {
  let r = run G with seed = 0, alpha = a, dim = d for 100000 steps every 100000
  row alpha = a, dim = d, loss = final_loss(r)
}
save grid -> "slice.csv"
SK
/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$skill" run -q -o "$tmp" "$tmp/slice.skill"
read -r wall user sys < "$tmp/time"
awk -v w="$wall" -v u="$user" -v s="$sys" -v n="$(nproc)" 'BEGIN {
  printf "slice: %.1f s wall, %.1f s CPU on %d cores; the whole grid x 20: %.1f min wall, %.1f CPU-minutes\n",
         w, u + s, n, 20 * w / 60, 20 * (u + s) / 60 }'
