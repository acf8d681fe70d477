#!/bin/sh
# many_unknown_names.sh - a program of 20 000 skills whose frequencies name
# 20 000 undeclared names: `skill check` shows the first 50 errors, each
# with its "did you mean", counts the rest, and stays fast (suggesting over
# every skill for every error took minutes at this size; the timeout
# catches that even under a sanitizer); then 100 000 lets.
# Exit: 0 pass, 1 fail, 99 hard error.

. "$(dirname "$0")/need-skill.sh"

. "$(dirname "$0")/scratch.sh"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "skill rate%d freq Rate%d\n", i, i }' > many.skill

fail=0
# shellcheck disable=SC2086  # SKILL_WRAPPER is a command line by design
NO_COLOR=1 timeout 60 $SKILL_WRAPPER "$SKILL" check many.skill > out 2> err
status=$?
test "$status" -eq 65 || { echo "FAIL: exit status $status, expected 65"; fail=1; }
grep -v '^==[0-9]*==' err > err.f
cat > want.head <<'W'
many.skill:1:18: error: undefined name 'Rate0'
 1 | skill rate0 freq Rate0
   |                  ^~~~~
note: did you mean 'rate0'?
W
head -4 err.f > got.head
cmp -s want.head got.head || { echo "FAIL: first error:"; diff want.head got.head; fail=1; }
test "$(grep -c "^note: did you mean 'rate[0-9]*'?" err.f)" -eq 50 ||
  { echo "FAIL: not 50 suggestions"; fail=1; }
test "$(tail -n 1 err.f)" = "skill: 19950 more errors not shown" ||
  { echo "FAIL: last line: $(tail -n 1 err.f)"; fail=1; }
test -s out && { echo "FAIL: output on stdout"; fail=1; }

# 100 000 lets, each reading an undeclared name: looking a name up must not
# search all the lets before it.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "let rate%d = Rate%d\n", i, i }' > lets.skill
# shellcheck disable=SC2086
NO_COLOR=1 timeout 60 $SKILL_WRAPPER "$SKILL" check lets.skill > out 2> err
status=$?
test "$status" -eq 65 || { echo "FAIL: lets: exit status $status, expected 65"; fail=1; }
test "$(grep -v '^==[0-9]*==' err | tail -n 1)" = "skill: 99950 more errors not shown" ||
  { echo "FAIL: lets: last line: $(tail -n 1 err)"; fail=1; }
test "$fail" -eq 0 && echo "PASS: 20 000 unknown names; 100 000 lets"
exit "$fail"
