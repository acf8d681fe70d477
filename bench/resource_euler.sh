#!/bin/sh
# Euler Resource model: skill against a numpy implementation of the same
# loop (the reference code's R-MSE update), timed in-process, in one run.
#   u <- max(u - eta * (p*u) / (sum(p*u) + N0), 0)
# K = 10, 1 000 and 100 000 Zipf(2) skills.  Prints steps/s of each and the
# ratio.  Usage: bench/resource_euler.sh [path/to/skill]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
py=/usr/bin/python3
$py -c 'import numpy' 2>/dev/null || { echo "needs Debian's python3-numpy (apt-get install python3-numpy)"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Steps per K: enough for a measurable time in both.
set -- 10:200000:20000 1000:20000:5000 100000:2000:200

for spec in "$@"; do
  K=${spec%%:*}; rest=${spec#*:}; N=${rest%%:*}; NPY=${rest#*:}
  cat > "$tmp/b.skill" <<SK
skill S[1..$K] freq zipf(2)
resource R { eta = 1e-5; N0 = 0.003; solver = euler }
let t0 = clock()
let r = run R for $N steps every $N
let t1 = clock()
print t1 - t0, final_loss(r)
SK
  out=$("$skill" run -q "$tmp/b.skill")
  ours=${out%% *}; our_loss=${out#* }
  np=$($py - "$K" "$NPY" <<'PY'
import sys, time
import numpy as np
K, N = int(sys.argv[1]), int(sys.argv[2])
p = np.arange(1, K + 1, dtype=float) ** -2.0
p /= p.sum()
u = np.ones(K)
eta, N0 = 1e-5, 0.003
t0 = time.perf_counter()
for _ in range(N):
    u = u - eta * (p * u) / (np.sum(p * u) + N0)
    np.maximum(u, 0, out=u)
t1 = time.perf_counter()
print(t1 - t0, float(np.sum(p * u * u)))
PY
)
  np_time=${np%% *}
  awk -v K="$K" -v N="$N" -v NPY="$NPY" -v a="$ours" -v b="$np_time" -v l="$our_loss" 'BEGIN {
    ours = N / a; theirs = NPY / b
    printf "K = %6d   skill %12.0f steps/s   numpy %10.0f steps/s   ratio %7.1fx   (final loss %g)\n", K, ours, theirs, ours / theirs, l }'
done
