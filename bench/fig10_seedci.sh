#!/bin/sh
# Error bars over seeds on the Fig. 10 study itself: Adam, widths 40 and
# 220, 100 000 steps, alpha = 1 and 2, 24 seeds (96 runs, about 4 CPU-minutes).
# For every group of 4 of the 24 seeds it compares the spread of the group's
# exponent with the error bars the group reports (jackknife, t, and the
# exact bootstrap over all 256 draws), and prints the example's seeds 0..3
# as skill gives them.  The numbers skill(5) quotes ("Error bars over seeds").
# Usage: bench/fig10_seedci.sh [path/to/skill]   (needs python3 with numpy)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
py=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import numpy' 2>/dev/null; then py=$p; break; fi
done
test -n "$py" || { echo "numpy is not importable" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/study.skill" <<'SKILL'
param alpha = 1
skill S[1..1000] freq zipf(alpha)
optimizer adam1 = adam(lr: 0.01)
geometry G { dim = 100; vectors = random; loss = ce; batch = 1024; optimizer = adam1 }
let grid = sweep s in 0..23, a in [1, 2], d in [40, 220] {
  let r = run G with seed = s, alpha = a, dim = d for 100000 steps every 100000
  row seed = s, alpha = a, dim = d, loss = final_loss(r)
}
save grid -> "grid.csv"
let pairs = (grid where dim == 40 select seed, alpha, lo = loss)
            join (grid where dim == 220 select seed, alpha, hi = loss) by seed, alpha
let first = sweep a in [1, 2] {
  let g = pairs where alpha == a and seed < 4
  let j = jackknife_slope([40, 220], [g.lo, g.hi], 40, 220)
  let t = t_slope([40, 220], [g.lo, g.hi], 40, 220)
  let b = bootstrap_slope([40, 220], [g.lo, g.hi], 40, 220)
  row alpha = a, median_exponent = j.exponent, jackknife = j.stderr, bootstrap = b.stderr,
      mean_exponent = t.exponent, t = t.stderr
}
print "seeds 0..3:"
print first
SKILL
nice -n 10 "$skill" run -q -o "$tmp" "$tmp/study.skill"
"$py" - "$tmp/grid.csv" <<'PY'
import csv, itertools, math, sys
import numpy as np
rows = list(csv.DictReader(open(sys.argv[1])))
ratio = math.log(220 / 40)
draws = np.array(list(itertools.product(range(4), repeat=4)))
def slope(lo, hi): return -(np.log(hi) - np.log(lo)) / ratio
for a in (1.0, 2.0):
    y = {d: np.array([float(r["loss"]) for r in rows if float(r["alpha"]) == a and float(r["dim"]) == d])
         for d in (40.0, 220.0)}
    groups = np.array(list(itertools.combinations(range(24), 4)))
    lo, hi = y[40.0][groups], y[220.0][groups]
    median = slope(np.median(lo, 1), np.median(hi, 1))
    leave = np.stack([slope(np.median(np.delete(lo, i, 1), 1), np.median(np.delete(hi, i, 1), 1))
                      for i in range(4)], 1)
    bars = {"jackknife": np.sqrt(0.75 * ((leave - leave.mean(1, keepdims=True)) ** 2).sum(1)),
            "t": slope(lo, hi).std(1, ddof=1) / 2,
            "bootstrap": np.array([slope(np.median(l[draws], 1), np.median(h[draws], 1)).std()
                                   for l, h in zip(lo, hi)])}
    spread = median.std()
    print("alpha = %g: %d groups of 4 seeds; their median-of-seeds exponent scatters by %.4f"
          % (a, len(groups), spread))
    for name, bar in bars.items():
        print("  %-9s error bar: mean %.4f, 10 %%..90 %% %.4f..%.4f, below a third of the scatter in %.1f %%"
              % (name, bar.mean(), np.percentile(bar, 10), np.percentile(bar, 90), 100 * np.mean(bar < spread / 3)))
PY
