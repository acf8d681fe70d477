#!/bin/sh
# golden.sh - run one golden test: golden.sh path/to/NAME.skill
#
# Companions of NAME.skill in the same folder, all optional:
#   NAME.args    one line of arguments (shell words); @FILE@ stands for
#                NAME.skill.  Default: check @FILE@
#   NAME.out     expected stdout (missing: stdout must be empty)
#   NAME.err     expected stderr (missing: stderr must be empty)
#   NAME.status  expected exit status (missing: 0)
#   NAME.stdin   standard input for the command (missing: /dev/null), e.g.
#                the lines of a `skill repl` session
#   NAME.check   shell snippet run afterwards in the scratch dir (e.g. to
#                inspect files the run wrote); non-zero exit fails the test
#   NAME.d/      folder whose contents are copied into the scratch dir
#
# Environment:
#   SKILL          the interpreter to test (set by `make check`)
#   SKILL_WRAPPER  command to run it under, e.g. "valgrind -q --error-exitcode=99"
#   UPDATE_GOLDEN  if 1, write the actual outputs to NAME.out/.err/.status
#                  (dropping empty ones) instead of comparing
#   GOLDEN_TIMEOUT seconds a test may take (default 60; raise it under
#                  valgrind or on a crowded machine)
#
# Exit: 0 pass, 1 fail, 99 hard error (as automake's harness expects).

test $# -eq 1 || { echo "usage: $0 path/to/NAME.skill" >&2; exit 99; }

case $1 in
  *.skill) ;;
  *) echo "golden.sh: not a .skill file: $1" >&2; exit 99 ;;
esac

name=$(basename "$1" .skill)
dir=$(cd "$(dirname "$1")" && pwd) || exit 99
base=$dir/$name
test -f "$base.skill" || { echo "golden.sh: no such test: $1" >&2; exit 99; }

if test -z "$SKILL" || test ! -x "$SKILL"; then
  echo "golden.sh: interpreter not found: SKILL='$SKILL'" >&2
  exit 99
fi
case $SKILL in /*) ;; *) SKILL=$(pwd)/$SKILL ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
mkdir "$tmp/run" || exit 99
cp "$base.skill" "$tmp/run/" || exit 99
if test -d "$base.d"; then
  cp -R "$base.d/." "$tmp/run/" || exit 99
fi

# Arguments: the first line of NAME.args, split as shell words.
if test -f "$base.args"; then
  line=$(sed -n '1p' "$base.args")
else
  line='check @FILE@'
fi
line=$(printf '%s\n' "$line" | sed "s/@FILE@/$name.skill/g")
eval "set -- $line"

input=/dev/null
test -f "$base.stdin" && input=$base.stdin

cd "$tmp/run" || exit 99
# shellcheck disable=SC2086  # SKILL_WRAPPER is a command line by design
NO_COLOR=1 timeout "${GOLDEN_TIMEOUT:-60}" $SKILL_WRAPPER "$SKILL" "$@" \
  <"$input" >"$tmp/stdout" 2>"$tmp/stderr"
status=$?

fail=0
say() { printf '%s\n' "$*"; }
say "run: ${SKILL_WRAPPER:+$SKILL_WRAPPER }skill $line  (status $status)"

if test "$status" -eq 124; then
  say "FAIL: $name: timed out after 60 s"
  fail=1
fi
if test -n "$SKILL_WRAPPER"; then
  if test "$status" -eq 99; then
    say "FAIL: $name: the wrapper reported errors (status 99):"
    cat "$tmp/stderr"
    fail=1
  fi
  # Keep valgrind's own lines out of the comparison.
  grep -v '^==[0-9]*==' "$tmp/stderr" >"$tmp/stderr.f"
  mv "$tmp/stderr.f" "$tmp/stderr"
fi

# compare EXPECTED-FILE ACTUAL-FILE WHAT: a missing EXPECTED-FILE means empty.
compare() {
  exp=$1
  test -f "$exp" || { exp=$tmp/empty; : >"$exp"; }
  if ! cmp -s "$exp" "$2"; then
    say "FAIL: $name: $3 differs (--- expected, +++ actual):"
    diff -u -a --label "expected $(basename "$1")" --label "actual $3" "$exp" "$2"
    fail=1
  fi
}

if test "$UPDATE_GOLDEN" = 1; then
  for kind in out err; do
    if test "$kind" = out; then got=$tmp/stdout; else got=$tmp/stderr; fi
    if test -s "$got"; then cp "$got" "$base.$kind"; else rm -f "$base.$kind"; fi
  done
  if test "$status" -ne 0; then echo "$status" >"$base.status"; else rm -f "$base.status"; fi
  say "UPDATED: $name (status $status)"
else
  compare "$base.out" "$tmp/stdout" stdout
  compare "$base.err" "$tmp/stderr" stderr
  want=0
  test -f "$base.status" && want=$(tr -d ' \t\r\n' <"$base.status")
  if test "$status" != "$want"; then
    say "FAIL: $name: exit status $status, expected $want"
    fail=1
  fi
fi

if test -f "$base.check"; then
  if ! (cd "$tmp/run" && GOLDEN_DIR=$dir GOLDEN_NAME=$name sh "$base.check"); then
    say "FAIL: $name: $name.check failed"
    fail=1
  fi
fi

exit "$fail"
