#!/bin/sh
# man-limits.sh - the limits skill(5) states are the program's: the largest
# family the page allows ("at most N members") is accepted, and one member
# more is refused with a message naming the same N.
#
# Environment (set by `make check`): SKILL, abs_top_srcdir.
# Exit: 0 pass, 1 fail, 99 hard error (automake's conventions).

. "$(dirname "$0")/need-skill.sh"
test -n "${abs_top_srcdir:-}" || { echo "man-limits.sh: abs_top_srcdir is not set" >&2; exit 99; }
. "$(dirname "$0")/scratch.sh"
fails=0

max=$(sed -n 's/.*at most \([0-9][0-9]*\) members.*/\1/p' "$abs_top_srcdir/man/skill.5")
case $max in
  '' | *[!0-9]*) echo "FAIL: skill.5 states no single family size ('at most N members'): '$max'"; exit 1 ;;
esac

printf 'skill S[1..%s] freq 1\n' "$max" > largest.skill
# shellcheck disable=SC2086  # SKILL_WRAPPER is a command line by design
if out=$(NO_COLOR=1 $SKILL_WRAPPER "$SKILL" check largest.skill 2>&1) && test -z "$out"; then
  echo "ok: a family of $max members is accepted"
else
  echo "FAIL: a family of $max members (skill.5's limit) is refused: $out"; fails=$((fails + 1))
fi

more=$((max + 1))
printf 'skill S[1..%s] freq 1\n' "$more" > over.skill
# shellcheck disable=SC2086
out=$(NO_COLOR=1 $SKILL_WRAPPER "$SKILL" check over.skill 2>&1)
status=$?
want="over.skill:1:9: error: the family 'S' has $more members; at most $max are allowed"
if test "$status" -eq 65 && test "$(printf '%s\n' "$out" | sed -n 1p)" = "$want"; then
  echo "ok: a family of $more members is refused, naming $max"
else
  echo "FAIL: a family of $more members (status $status):"; printf '%s\n' "$out"
  echo "--- want status 65 and: $want"; fails=$((fails + 1))
fi

test "$fails" -eq 0
