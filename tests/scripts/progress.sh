#!/bin/sh
# progress.sh - the progress line: a sweep run on a terminal (a pseudo-
# terminal made by script(1)) draws "N/M points", steps per second and the
# time left on stderr, and clears it at the end; the same run with stderr
# not a terminal, or with -q, writes nothing there.
# Exit: 0 pass, 1 fail, 77 skip (no script(1)), 99 hard error.

. "$(dirname "$0")/need-skill.sh"
command -v script >/dev/null 2>&1 || { echo "progress.sh: script(1) not found; skipped"; exit 77; }

. "$(dirname "$0")/scratch.sh"
# About two seconds of work in six points (with the float32 kernels), so
# the line (drawn after the first second) appears.
cat > sweep.skill <<'SK'
skill S[1..100] freq zipf(1)
geometry G { dim = 200; vectors = random; loss = ce; batch = 256; optimizer = adam(lr: 0.01) }
let t = sweep d in [100, 200, 300, 400, 500, 600] {
  let r = run G with dim = d for 60000 steps every 60000
  row d = d, l = final_loss(r)
}
print "done", len(t.d)
SK

fail=0
script -qec "$SKILL run -j 1 sweep.skill" /dev/null > tty.out 2>&1 || { echo "FAIL: run on a terminal"; fail=1; }
tr '\r' '\n' < tty.out > tty.lines
grep -Eq '^sweep \[[#.]{30}\] [1-6]/6 points  [0-9.e+]+ steps/s  [0-9]+s left' tty.lines ||
  { echo "FAIL: no sweep progress line:"; cat tty.lines; fail=1; }
grep -q '^done 6' tty.lines || { echo "FAIL: no result on the terminal"; fail=1; }
# The progress line is erased (overwritten by spaces) before the result.
grep -Eq '^ {100}$' tty.lines || { echo "FAIL: the progress line was not cleared"; fail=1; }

"$SKILL" run -j 1 sweep.skill > plain.out 2> plain.err || { echo "FAIL: plain run"; fail=1; }
test -s plain.err && { echo "FAIL: progress written to a non-terminal:"; cat plain.err; fail=1; }
script -qec "$SKILL run -q -j 1 sweep.skill" /dev/null > quiet.out 2>&1
tr '\r' '\n' < quiet.out | grep -q 'points' && { echo "FAIL: -q drew progress"; fail=1; }
test "$fail" -eq 0 && echo "PASS: progress line"
exit "$fail"
