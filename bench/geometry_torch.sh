#!/bin/sh
# Geometry model per step: skill against the reference loop in PyTorch
# (Fig. 10's runs, docs/reference-conventions.md section 9: K = 1000 Zipf(1)
# skills, unit Gaussian task vectors, cross-entropy, batch 1024 drawn with
# numpy, Adam lr 0.01), for n = 100, 500, 1000, timed in-process in one run.
# Also prints the rate at which skill streams task-vector rows, against
# numpy's dgemv/sgemv on the whole K x n matrix.
# Usage: bench/geometry_torch.sh [path/to/skill] [steps]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
steps=${2:-20000}
py=/usr/bin/python3
$py -c 'import torch, numpy' 2>/dev/null || { echo "needs Debian's python3-torch and python3-numpy"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

for n in 100 500 1000; do
  cat > "$tmp/g.skill" <<SK
skill S[1..1000] freq zipf(1)
geometry G { dim = $n; vectors = random; loss = ce; batch = 1024; optimizer = adam(lr: 0.01) }
let t0 = clock()
let r = run G for $steps steps every $steps
print (clock() - t0) / $steps
SK
  ours=$("$skill" run -q "$tmp/g.skill")
  $py - "$n" "$ours" <<'PY'
import sys, time
import numpy as np, torch
K, n, B = 1000, int(sys.argv[1]), 1024
ours = float(sys.argv[2])
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
torch_step = (time.perf_counter() - t0) / S
# rows touched per step: the expected number of distinct skills in a batch
distinct = float(np.sum(1 - (1 - p) ** B))
flops = 4.0 * distinct * n                      # dot and axpy per drawn row
bytes_ = 4.0 * distinct * n                     # float32 rows, read once from memory
A64 = np.random.randn(K, n); v64 = np.random.randn(n)
A32 = A64.astype(np.float32); v32 = v64.astype(np.float32)
def rate(f, reps=2000):
    f(); t = time.perf_counter()
    for _ in range(reps): f()
    return (time.perf_counter() - t) / reps
d = rate(lambda: A64 @ v64); s = rate(lambda: A32 @ v32)
print(f"n = {n:4d}  skill {ours*1e6:7.1f} us/step  torch {torch_step*1e6:7.1f} us/step  "
      f"ratio {torch_step/ours:5.1f}x  |  skill {flops/ours/1e9:5.2f} GFLOP/s {bytes_/ours/1e9:5.2f} GB/s "
      f"({distinct:.0f} rows/step); dgemv {2*K*n/d/1e9:5.2f} GFLOP/s {8*K*n/d/1e9:5.2f} GB/s, "
      f"sgemv {2*K*n/s/1e9:5.2f} GFLOP/s {4*K*n/s/1e9:5.2f} GB/s")
# The floor: a step must take each drawn row's dot product (its level) and
# add the row into the gradient, 4 flops per element that no algorithm can
# skip (Adam moves every coordinate of theta).  At sgemv's rate on this very
# matrix that work alone takes flops / sgemv_rate; no implementation beats
# torch by more than torch_step / floor here.
floor = flops / (2 * K * n / s)
print(f"           floor at sgemv rate {floor*1e6:7.1f} us/step: best possible ratio {torch_step/floor:5.1f}x")
PY
done
