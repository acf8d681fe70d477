#!/bin/sh
# threads.sh - skill uses no more threads than -j allows: a Geometry run
# large enough to split its steps uses a second thread with -j 2 and none
# with -j 1; a sweep's points run on at most -j threads in all; and the
# default -j, pinned to one CPU with taskset, is 1 (and even -j 2 makes no
# second thread there).  Counts the process's threads in /proc/PID/status
# while it runs.
# Exit: 0 pass, 1 fail, 77 skip (no /proc), 99 hard error.

. "$(dirname "$0")/need-skill.sh"
test -r /proc/self/status || { echo "threads.sh: no /proc; skipped"; exit 77; }

. "$(dirname "$0")/scratch.sh"
# K x n = 100 000, past the size from which Geometry splits its steps.
cat > one.skill <<'SK'
skill S[1..200] freq zipf(1)
geometry G { dim = 500; vectors = random; loss = ce; batch = 256; optimizer = adam(lr: 0.01) }
let r = run G for 6000 steps every 6000
print "done"
SK
cat > sweep.skill <<'SK'
skill S[1..200] freq zipf(1)
geometry G { dim = 500; vectors = random; loss = ce; batch = 256; optimizer = adam(lr: 0.01) }
let t = sweep s in [1, 2, 3, 4, 5, 6] {
  let r = run G with seed = s for 1500 steps every 1500
  row s = s
}
print "done", len(t.s)
SK

# The most threads the command "$@" had at once, sampled every 20 ms.
most_threads() {
  "$@" > run.out 2> run.err &
  pid=$!
  most=0
  while kill -0 "$pid" 2>/dev/null; do
    n=$(sed -n 's/^Threads:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
    test -n "$n" && test "$n" -gt "$most" && most=$n
    sleep 0.02
  done
  wait "$pid" || { echo "FAIL: $* exited with status $?"; cat run.err; most=-1; }
  grep -q '^done' run.out || { echo "FAIL: $* printed no result"; most=-1; }
}

fail=0
# expect WANT COMMAND...: the most threads seen must be WANT
expect() {
  want=$1; shift
  most_threads "$@"
  if test "$most" -ne "$want"; then
    echo "FAIL: $*: at most $most threads at once, want $want"
    fail=1
  fi
}
expect 1 "$SKILL" run -q -j 1 one.skill
expect 2 "$SKILL" run -q -j 2 one.skill
expect 2 "$SKILL" run -q -j 2 sweep.skill
expect 3 "$SKILL" run -q -j 3 sweep.skill
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
  expect 1 taskset -c 0 "$SKILL" run -q sweep.skill
  expect 1 taskset -c 0 "$SKILL" run -q one.skill
  expect 1 taskset -c 0 "$SKILL" run -q -j 2 one.skill
fi
test "$fail" -eq 0 && echo "PASS: threads within -j"
exit "$fail"
