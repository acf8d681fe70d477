#!/bin/sh
# Geometry with a second thread (-j 2) against one (-j 1): the same run
# (K = 1000 Zipf(1) skills, n = 1000, cross-entropy, batch 1024, Adam),
# timed in-process, three ways: alone; next to one busy process
# (`while :; do :; done`, killed afterwards); and pinned to one CPU with
# taskset.  Each pair is repeated, alternating -j 1 and -j 2, and the medians
# are compared.  Exits 1 if -j 2 is slower than -j 1 by more than 10% in any
# of the three.  Usage: bench/geometry_threads.sh [path/to/skill] [steps] [repeats]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
steps=${2:-4000}
repeats=${3:-5}
command -v taskset >/dev/null || { echo "needs taskset (util-linux)"; exit 2; }
. "$here/busy.sh"

cat > "$tmp/g.skill" <<SK
skill S[1..1000] freq zipf(1)
geometry G { dim = 1000; vectors = random; loss = ce; batch = 1024; optimizer = adam(lr: 0.01) }
let t0 = clock()
let r = run G for $steps steps every $steps
print clock() - t0
SK

# One timed run: time_run JOBS [command prefix...]
time_run() {
  j=$1; shift
  "$@" "$skill" run -q -j "$j" "$tmp/g.skill"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# scenario NAME [command prefix...]: prints the medians and their ratio;
# returns 1 if -j 2 is more than 10% slower.
scenario() {
  name=$1; shift
  : > "$tmp/j1"; : > "$tmp/j2"
  i=0
  while test $i -lt "$repeats"; do
    time_run 1 "$@" >> "$tmp/j1"
    time_run 2 "$@" >> "$tmp/j2"
    i=$((i + 1))
  done
  a=$(median < "$tmp/j1"); b=$(median < "$tmp/j2")
  awk -v n="$name" -v a="$a" -v b="$b" -v s="$steps" -v r="$repeats" 'BEGIN {
    printf "%-22s -j 1 %7.3f s  -j 2 %7.3f s  (-j 1)/(-j 2) %5.2f  (%d steps, median of %d)\n", n, a, b, a / b, s, r
    exit b > 1.10 * a }'
}

status=0
scenario "alone" || status=1
start_busy 600
scenario "with one busy process" || status=1
stop_busy
scenario "pinned to CPU 0" taskset -c 0 || status=1
test $status -eq 0 || echo "-j 2 was slower than -j 1 by more than 10%"
exit $status
