#!/bin/sh
# Geometry model per step: skill against the reference loop in PyTorch
# (Fig. 10's runs, docs/reference-conventions.md section 9: K = 1000 Zipf(1)
# skills, unit Gaussian task vectors, cross-entropy, batch 1024 drawn with
# numpy, Adam lr 0.01), for n = 100, 500, 1000, timed in-process.  Each n
# is timed REPEATS times, skill and torch one after the other, and the
# ratio of each pair is reported (median and range), so the machine's load
# weighs on both sides alike.
# Also prints the rate at which skill does a step's arithmetic (a drawn
# row's level and its axpy, 4 flops an element) beside this machine's
# float32 peak, measured by bench/fma_peak.c on one core and on all: with
# fused multiply-adds, and with separate multiplies and adds (what skill's
# kernels use, so that their bits do not depend on the CPU); and numpy's
# sgemv on the whole K x n matrix.
# Usage: bench/geometry_torch.sh [path/to/skill] [steps] [repeats]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
steps=${2:-20000}
repeats=${3:-3}
py=/usr/bin/python3
$py -c 'import torch, numpy' 2>/dev/null || { echo "needs Debian's python3-torch and python3-numpy"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

${CC:-cc} -O2 -pthread "$here/fma_peak.c" -o "$tmp/fma_peak"
"$tmp/fma_peak" "$(nproc)" > "$tmp/peak"
peak() { awk -v k="$1" -v t="$2" '$1 == k && $2 == t { print $3 }' "$tmp/peak"; }
fma1=$(peak fma 1); fman=$(peak fma "$(nproc)"); mul1=$(peak muladd 1); muln=$(peak muladd "$(nproc)")
echo "float32 peak: FMA $fma1 GFLOP/s on one core, $fman on $(nproc); separate mul and add $mul1 / $muln"

# torch_step N: the reference loop's seconds a step; also writes the
# expected distinct rows a step and sgemv's GFLOP/s to $tmp/facts
torch_step() {
  $py - "$1" "$tmp/facts" <<'PY'
import sys, time
import numpy as np, torch
K, n, B = 1000, int(sys.argv[1]), 1024
torch.manual_seed(0); np.random.seed(0)
T = torch.randn(K, n); T = T / T.norm(dim=1, keepdim=True)
x = torch.zeros(n, requires_grad=True)
opt = torch.optim.Adam([x], lr=0.01)
p = 1.0 / np.arange(1, K + 1); p /= p.sum()
S = 2000
t0 = time.perf_counter()
for step in range(S):
    idx = np.random.choice(K, B, p=p)
    skills = T @ x
    loss = -torch.log(torch.sigmoid(skills[idx])).mean()
    opt.zero_grad(); loss.backward(); opt.step()
print((time.perf_counter() - t0) / S)
# rows touched per step: the expected number of distinct skills in a batch
distinct = float(np.sum(1 - (1 - p) ** B))
A32 = np.random.randn(K, n).astype(np.float32); v32 = np.random.randn(n).astype(np.float32)
A32 @ v32; t = time.perf_counter()
for _ in range(2000): A32 @ v32
s = (time.perf_counter() - t) / 2000
open(sys.argv[2], "w").write(f"{distinct} {2 * K * n / s / 1e9}\n")
PY
}

for n in 100 500 1000; do
  cat > "$tmp/g.skill" <<SK
skill S[1..1000] freq zipf(1)
geometry G { dim = $n; vectors = random; loss = ce; batch = 1024; optimizer = adam(lr: 0.01) }
let t0 = clock()
let r = run G for $steps steps every $steps
print (clock() - t0) / $steps
SK
  : > "$tmp/pairs"
  i=0
  while test $i -lt "$repeats"; do
    ours=$("$skill" run -q "$tmp/g.skill")
    torch=$(torch_step "$n")
    echo "$ours $torch" >> "$tmp/pairs"
    i=$((i + 1))
  done
  read -r distinct sgemv < "$tmp/facts"
  sort -n "$tmp/pairs" | awk -v n="$n" -v d="$distinct" -v sg="$sgemv" -v f1="$fma1" -v m1="$mul1" -v fn="$fman" '
    { ours[NR] = $1; torch[NR] = $2; ratio[NR] = $2 / $1 }
    function median(a, k,   i, j, t, b) {
      for (i = 1; i <= k; i++) b[i] = a[i]
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
      return k % 2 ? b[(k + 1) / 2] : (b[k / 2] + b[k / 2 + 1]) / 2 }
    END {
      lo = hi = ratio[1]
      for (i = 2; i <= NR; i++) { if (ratio[i] < lo) lo = ratio[i]; if (ratio[i] > hi) hi = ratio[i] }
      o = median(ours, NR); t = median(torch, NR); r = median(ratio, NR)
      flops = 4 * d * n; rate = flops / o / 1e9
      printf "n = %4d  skill %6.1f us/step  torch %6.1f us/step  ratio %5.1fx (%.1f-%.1f over %d pairs)\n", n, o * 1e6, t * 1e6, r, lo, hi, NR
      printf "          skill %5.1f GFLOP/s (%.0f rows/step): %4.1f%% of one core'\''s FMA peak %.0f, %4.1f%% of its mul+add peak %.0f, %4.1f%% of %.0f on all cores; sgemv %5.1f GFLOP/s\n",
             rate, d, 100 * rate / f1, f1, 100 * rate / m1, m1, 100 * rate / fn, fn, sg
    }'
done
