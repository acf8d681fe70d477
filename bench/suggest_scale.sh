#!/bin/sh
# "did you mean" at scale: `skill check` on programs of N skills whose
# frequencies name N undeclared look-alike names (skill rateI freq RateI,
# so every skill is a close candidate), and of N lets reading N undeclared
# names.  Prints the check time at N = 2000, 4000, 8000, 16000, 32000 and the
# ratio to the previous N: about 2 when checking is linear, 4 if quadratic.
# Usage: bench/suggest_scale.sh [path/to/skill]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
skill=${1:-$here/../src/skill}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# seconds PROGRAM: wall time of one `skill check` (best of three).
seconds() {
  best=
  for _ in 1 2 3; do
    t0=$(date +%s.%N)
    "$skill" check "$1" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" 'BEGIN {
      t = b - a; print (best == "" || t < best) ? t : best }')
  done
  echo "$best"
}

for kind in skills lets; do
  prev=
  for n in 2000 4000 8000 16000 32000; do
    if test "$kind" = skills; then
      awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "skill rate%d freq Rate%d\n", i, i }'
    else
      awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "let rate%d = Rate%d\n", i, i }'
    fi > "$tmp/p.skill"
    t=$(seconds "$tmp/p.skill")
    awk -v kind="$kind" -v n="$n" -v t="$t" -v prev="$prev" 'BEGIN {
      printf "%-6s N = %5d   check %7.3f s", kind, n, t
      if (prev != "") printf "   ratio to N/2 %5.2f", t / prev
      printf "\n" }'
    prev=$t
  done
done
