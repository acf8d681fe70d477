#!/bin/sh
# seedci-coverage.sh - calibration of the error bars over seeds: numpy
# makes 1000 groups of 4 seeds and 1000 of 8 with a known exponent
# (tests/seedci_coverage.py says how), skill gives each group's
# jackknife_slope, t_slope and bootstrap_slope, and numpy checks them against
# its own replica and counts how often each interval holds the truth.
# Asserted: the t interval's 95 % coverage >= 0.90 and its +-1 stderr
# coverage within a binomial 99.9 % band of P(|T_{m-1}| <= 1); the
# jackknife's nominal 95 % interval (and, with 4 seeds, the bootstrap's)
# below 0.95's band, as skill(5) reports.  Skipped (77) without numpy.
#
# Environment: abs_top_srcdir, SKILL (set by `make check`).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).
. "$(dirname "$0")/need-skill.sh"
helper=${abs_top_srcdir:?abs_top_srcdir must be set}/tests/seedci_coverage.py
. "$(dirname "$0")/need-numpy.sh"
. "$(dirname "$0")/scratch.sh"

"$py" "$helper" gen groups.csv || { echo "FAIL: numpy could not write the data"; exit 99; }
# The m = 4 groups' 4000 rows come first, then the m = 8 groups' 8000.
cat > intervals.skill <<'SKILL'
let data = load("groups.csv")
let out = sweep m in [4, 8], g in 1..1000 {
  let first = 1000 * (m - 4) + (g - 1) * m + 1
  let rows = first..(first + m - 1)
  let Y = [data.y40[rows], data.y220[rows]]
  let j = jackknife_slope([40, 220], Y, 40, 220)
  let t = t_slope([40, 220], Y, 40, 220)
  let b = bootstrap_slope([40, 220], Y, 40, 220)
  row m = m, g = g, jk = j.exponent, jk_se = j.stderr, jk_lo = j.lo, jk_hi = j.hi,
      t = t.exponent, t_se = t.stderr, t_lo = t.lo, t_hi = t.hi,
      bs = b.exponent, bs_se = b.stderr, bs_lo = b.lo, bs_hi = b.hi
}
save out -> "intervals.csv"
SKILL
"$SKILL" run -q -o . intervals.skill || { echo "FAIL: skill run intervals.skill"; exit 1; }
# The bootstrap's fixed generator: any -j gives the same bytes.
"$SKILL" run -q -j1 -o one intervals.skill || { echo "FAIL: skill run -j1 intervals.skill"; exit 1; }
cmp -s intervals.csv one/intervals.csv || { echo "FAIL: -j1 and -j$(nproc) give different intervals"; exit 1; }
"$py" "$helper" check groups.csv intervals.csv
