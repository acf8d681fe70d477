#!/bin/sh
# A network run with a second thread (-j 2) against one (-j 1), alone and
# beside one competing CPU-bound process (`while :; do :; done`, started
# for its measurements only and always killed).  The run: 20 000 random
# 32-bit strings, an MLP [32, 200, 2] (ReLU, squared error) learning two
# sparse parities with full-batch Adam, as in examples/fig02_bottom.skill
# but wider, timed in-process.  The runs alternate -j 1 and -j 2; for each
# the fastest and the median of REPEATS runs are printed, and the ratios
# (-j 2)/(-j 1) of the medians and of the fastest.  Exits 1 if beside the
# competitor the median -j 2 run is more than 3% slower than -j 1, or if
# alone it is not faster.
# Usage: bench/network_contention.sh [path/to/skill] [steps] [repeats] [samples]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
steps=${2:-200}
repeats=${3:-5}
samples=${4:-20000}
. "$here/busy.sh"

cat > "$tmp/n.skill" <<SK
skill T1 freq 1
skill T2 freq 0.5
network N {
    bits = 32
    parity = [[0, 1], [2, 3]]
    samples = $samples
    hidden = [200]
    optimizer = adam(lr: 1e-3)
    seed = 4
}
let t0 = clock()
let r = run N for $steps steps every $steps
print clock() - t0
SK

median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fastest() { sort -g | head -n 1; }

# scenario NAME MAX_RATIO: alternating runs, then one line of results;
# returns 1 if the median ratio (-j 2)/(-j 1) is above MAX_RATIO.
scenario() {
  : > "$tmp/j1"; : > "$tmp/j2"
  i=0
  while test $i -lt "$repeats"; do
    "$skill" run -q -j 1 "$tmp/n.skill" >> "$tmp/j1"
    "$skill" run -q -j 2 "$tmp/n.skill" >> "$tmp/j2"
    i=$((i + 1))
  done
  awk -v n="$1" -v max="$2" -v r="$repeats" -v a="$(median < "$tmp/j1")" -v b="$(median < "$tmp/j2")" \
      -v fa="$(fastest < "$tmp/j1")" -v fb="$(fastest < "$tmp/j2")" 'BEGIN {
    printf "%-16s -j 1 %6.2f s (fastest %6.2f)  -j 2 %6.2f s (fastest %6.2f)  (-j 2)/(-j 1) %.3f (fastest %.3f)  median of %d\n",
           n, a, fa, b, fb, b / a, fb / fa, r
    exit b > max * a }'
}

echo "network [32, 200, 2], $samples samples, $steps steps: $skill"
status=0
scenario "alone" 1 || { echo "alone, -j 2 was not faster than -j 1"; status=1; }
start_busy 1800
scenario "one busy process" 1.03 || { echo "beside a busy process, -j 2 was more than 3% slower than -j 1"; status=1; }
stop_busy
exit $status
