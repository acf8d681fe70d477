# need-skill.sh - sourced by the script tests: SKILL (set by `make check`)
# must name the interpreter; it is made absolute, since tests change folder.
# Exits 99 (automake's hard error) when it does not.
if test -z "$SKILL" || test ! -x "$SKILL"; then
  echo "$(basename "$0"): interpreter not found: SKILL='$SKILL'" >&2
  exit 99
fi
case $SKILL in /*) ;; *) SKILL=$(pwd)/$SKILL ;; esac
