#!/bin/sh
# embed.sh - examples/embed.c, the embedding shown in skill(3), built against
# libskill (shared) by make check: it runs a one-skill resource script and
# reads the run as C arrays.  Its level at the last step must match the
# paper's Eq. 3 for one skill, t = (1 - u - N0 ln u) / eta, solved here in
# awk by bisection (eta = 2 sqrt(dim) lr); an override given to it must move
# the number as the closed form says; a name that is no run is an error.
. "${srcdir:-.}/tests/scripts/need-skill.sh"
. "$srcdir/tests/scripts/expect.sh"
. "$srcdir/tests/scripts/scratch.sh"

embed=$abs_top_builddir/examples/embed
test -x "$embed" || { echo "embed.sh: $embed is not built"; exit 99; }

cat > one.skill <<'SKILL'
param rate = 1e-4
skill a freq 1
resource R { dim = 100; lr = rate; N0 = 0.01; solver = rk8pd; tol = 1e-12 }
let r = run R for 400 steps every 4
SKILL

closed_form() {   # level of the one skill at step 400 for lr $1
  awk -v lr="$1" 'BEGIN {
    eta = 2 * sqrt(100) * lr; lo = 1e-300; hi = 1
    for (i = 0; i < 200; i++) { mid = (lo + hi) / 2
      if ((1 - mid - 0.01 * log(mid)) / eta > 400) lo = mid; else hi = mid }
    printf "%.6f", 1 - (lo + hi) / 2 }'
}

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for lr in 5e-5 1e-4; do
  out=$("$embed" one.skill r "rate=$lr" 2>&1)
  want="a: level $(closed_form $lr) at step 400"
  case $out in
    "$want"*"final loss "*) echo "ok: lr $lr: $want" ;;
    *) fail "lr $lr: wanted '$want', got: $out" ;;
  esac
done

expect_prog "a name that is no run" 1 "embed: the script binds no run named 'nosuch'" \
  "$embed" one.skill nosuch
expect_prog "a missing file" 66 "skill: error: cannot read 'missing.skill': No such file or directory" \
  "$embed" missing.skill r
test "$fails" -eq 0
