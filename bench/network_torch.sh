#!/bin/sh
# Network model per training step (forward, backward, Adam): skill's engine
# (src/models/network.c, timed by bench/network_steps.c) against the same
# loop in PyTorch, in one invocation on this machine, in float64 and
# float32 on 1 and 2 threads, at the paper's sizes: Fig. 2 (10000 x
# [32, 50, 2] relu, mse), Fig. 13 (3481 pairs, embedding 59 x 128, [256,
# 100, 100, 59] silu, ce), Fig. 19 (1000 x [2, 100, 100, 2] silu, modular
# in two groups; torch masks the weights as the paper's code does) and a
# Fig. 11 size (batch 20000, 600 inputs, one hidden layer of 128 relu, 1
# output, bce).  Prints ms per step, the ratio torch/skill (above 1: skill
# is faster), skill's GFLOP/s on the step's gemm work and the rate of the
# same gemm calls alone (dgemm or sgemm on the same shapes: the ceiling).
# Threads: skill's engine splits its passes itself (net_set_threads, OpenBLAS
# on one thread as libskill sets it); torch gets torch.set_num_threads; the
# bare gemms run on OpenBLAS's threads.  On a machine others share, the
# 2-thread rows show what a second core gives when it is free.
# Each time is the fastest of two runs (alternating skill and torch) of five
# rounds each.
# Usage: bench/network_torch.sh [builddir] [seconds per timing]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/..}
seconds=${2:-2}
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "needs Debian's python3-torch"; exit 2; }
test -f "$build/src/.libs/libskillcore.a" || { echo "build skill first (make) in $build"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -O2 -std=c11 -D_DEFAULT_SOURCE -I"$build" -I"$here/../src/models" -I"$here/../src/base" \
  $(pkg-config --cflags openblas 2>/dev/null || true) "$here/network_steps.c" \
  "$build/src/.libs/libskillcore.a" -o "$tmp/network_steps" \
  $(pkg-config --libs openblas 2>/dev/null || echo -lopenblas) -lgsl -lm -pthread

cat > "$tmp/torch_steps.py" <<'PY'
import sys, time
import torch
import torch.nn.functional as F
case, prec, threads, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)
dtype = torch.float64 if prec == "double" else torch.float32
cases = {"fig2": (10000, [32, 50, 2], F.relu, "mse", 0, 0),
         "fig13": (3481, [256, 100, 100, 59], F.silu, "ce", 59, 128),
         "fig19": (1000, [2, 100, 100, 2], F.silu, "mse", 0, 0),
         "fig11": (20000, [600, 128, 1], F.relu, "bce", 0, 0)}
N, w, act, loss, vocab, dim = cases[case]
layers = [torch.nn.Linear(w[l], w[l + 1]).to(dtype) for l in range(len(w) - 1)]
params = [p for m in layers for p in m.parameters()]
masks = None
if case == "fig19":          # two groups, as the paper's masked linears
    masks = []
    for l in range(len(w) - 1):
        m = torch.zeros(w[l + 1], w[l], dtype=dtype)
        gi, go = w[l] // 2, w[l + 1] // 2
        m[:go, :gi] = 1; m[go:, gi:] = 1
        masks.append(m)
if vocab:
    E = torch.nn.Parameter(torch.randn(vocab, dim, dtype=dtype))
    params = [E] + params
    x = torch.randint(0, vocab, (N, 2))
    target = torch.randint(0, w[-1], (N,))
else:
    x = torch.randint(0, 2, (N, w[0])).to(dtype)
    target = torch.randint(0, 2, (N, w[-1])).to(dtype)
opt = torch.optim.Adam(params, lr=1e-3)
def step():
    h = E[x].reshape(N, -1) if vocab else x
    for l, m in enumerate(layers):
        W = m.weight * masks[l] if masks else m.weight
        h = F.linear(h, W, m.bias)
        if l + 1 < len(layers):
            h = act(h)
    if loss == "mse":
        L = ((h - target) ** 2).mean()
    elif loss == "bce":
        L = F.binary_cross_entropy_with_logits(h, target)
    else:
        L = F.cross_entropy(h, target)
    opt.zero_grad()
    L.backward()
    opt.step()
step(); step()
best = float("inf")
for _ in range(5):               # the fastest of five rounds, as network_steps.c
    n, t0 = 0, time.perf_counter()
    while n < 2 or time.perf_counter() - t0 < seconds / 5:
        step(); n += 1
    best = min(best, (time.perf_counter() - t0) / n)
print(best)
PY

printf '%-6s %-6s %3s  %10s %10s %7s  %8s %8s\n' case prec thr "skill ms" "torch ms" ratio "GFLOP/s" "gemm"
for case in fig2 fig13 fig19 fig11; do
  for prec in double single; do
    for thr in 1 2; do
      # twice each, alternating, keeping the faster: a fair share of a busy machine
      ours= theirs= gemm=
      for round in 1 2; do
        set -- $(OPENBLAS_NUM_THREADS=$thr nice "$tmp/network_steps" $case $prec $thr "$seconds")
        flops=$2
        ours=$(echo "$ours $1" | awk '{ print (NF == 1 || $2 < $1) ? $NF : $1 }')
        gemm=$(echo "$gemm $3" | awk '{ print (NF == 1 || $2 < $1) ? $NF : $1 }')
        t=$(OMP_NUM_THREADS=$thr nice $py "$tmp/torch_steps.py" $case $prec $thr "$seconds")
        theirs=$(echo "$theirs $t" | awk '{ print (NF == 1 || $2 < $1) ? $NF : $1 }')
      done
      awk -v c=$case -v p=$prec -v t=$thr -v o="$ours" -v th="$theirs" -v f="$flops" -v g="$gemm" 'BEGIN {
        printf "%-6s %-6s %3d  %10.3f %10.3f %6.2fx  %8.2f %8.2f\n", c, p, t, o * 1e3, th * 1e3, th / o,
               f / o / 1e9, f / g / 1e9 }'
    done
  done
done
