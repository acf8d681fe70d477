#!/bin/sh
# reweight-numpy.sh - the Geometry model's reweight = loss (skill(5); the
# paper's section 4.3) against an independent numpy replica
# (tests/geometry_reweight.py says how).  Exact: three skills on
# non-orthogonal vectors, exact frequencies, SGD in float64, 200 steps,
# every level and loss equal to 1e-12, under mse and ce, and with
# reweight_steps = 50 (the later steps plain).  Statistical:
# Fig. 5's setup (10 skills, Zipf(2), dim 1000, batch 128, SignGD 3e-4,
# 3000 steps) over 8 seeds of skill and 16 of the replica: the rare
# skills (6 to 10) are learned earlier with reweighting and the final loss
# is not worse, in both, and each of skill's means lies within 4 standard
# errors of the replica's.  Skipped (77) without numpy.
#
# Environment: abs_top_srcdir, SKILL (set by `make check`).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).
. "$(dirname "$0")/need-skill.sh"
helper=${abs_top_srcdir:?abs_top_srcdir must be set}/tests/geometry_reweight.py
. "$(dirname "$0")/need-numpy.sh"
. "$(dirname "$0")/scratch.sh"

fail=0
for case in "mse" "ce" "mse 50"; do
    set -- $case
    loss=$1 steps=${2:-0}
    cat > exact.skill <<SKILL
skill A freq 0.6
skill B freq 0.3
skill C freq 0.1
geometry G { dim = 4; vectors = [1, 0.5, 0, 0; 0, 1, 0.5, 0; 0.3, 0, 0, 1]; loss = $loss
             optimizer = sgd(lr: 0.05); precision = double; reweight = loss; reweight_steps = $steps }
let r = run G for 200 steps every 1 -> "exact.csv"
SKILL
    "$SKILL" run -q -o . exact.skill || { echo "FAIL: skill run exact.skill ($loss)"; exit 1; }
    "$py" "$helper" exact "$loss" exact.csv ${2:+"$2"} || fail=1
done

cat > seeds.skill <<'SKILL'
skill S[1..10] freq zipf(2)
optimizer sign = adam(lr: 3e-4, beta1: 0, beta2: 0)
geometry G { dim = 1000; batch = 128; optimizer = sign }
let t = sweep sd in 1..8 {
  let a = run G with seed = sd for 3000 steps every 1
  let b = run G with seed = sd, reweight = loss for 3000 steps every 1
  print sd, " ", final_loss(a), " ", final_loss(b), " ", time_to(a, S, 0.9), " ", time_to(b, S, 0.9)
  row seed = sd
}
SKILL
"$SKILL" run -q seeds.skill > seeds.txt || { echo "FAIL: skill run seeds.skill"; cat seeds.txt; exit 1; }
cat seeds.txt
"$py" "$helper" stats seeds.txt || fail=1
exit $fail
