# expect.sh - sourced by the script tests that compare a command's whole
# output: counts failures in $fails and prints ok/FAIL lines.

fails=0

# expect_prog NAME STATUS EXPECTED-OUTPUT PROGRAM ARGS...: run PROGRAM
# (stdout and stderr together, no colour) and compare.
expect_prog() {
  name=$1 want_status=$2 want=$3 prog=$4
  shift 4
  # shellcheck disable=SC2086  # SKILL_WRAPPER is a command line by design
  got=$(NO_COLOR=1 $SKILL_WRAPPER "$prog" "$@" 2>&1)
  status=$?
  if test "$status" -ne "$want_status" || test "$got" != "$want"; then
    echo "FAIL: $name (status $status, want $want_status)"
    echo "--- got:"; printf '%s\n' "$got"
    echo "--- want:"; printf '%s\n' "$want"
    fails=$((fails + 1))
  else
    echo "ok: $name"
  fi
}

# expect NAME STATUS EXPECTED-OUTPUT ARGS...: the same for $SKILL.
expect() {
  name=$1 want_status=$2 want=$3
  shift 3
  expect_prog "$name" "$want_status" "$want" "$SKILL" "$@"
}
