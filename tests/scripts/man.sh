#!/bin/sh
# man.sh - the man pages render without a warning, skill(1) documents every
# command and option that `skill --help` names, skill(3) every function of
# include/skill.h, and skill(5) every standard-library module and every name
# the modules define.
#
# Renders with man-db's `man -l` (all groff warnings on, in a UTF-8 and in
# the C locale) and with `groff -man -ww -z`; skipped (status 77) when
# neither man nor groff is installed (Debian: man-db, groff-base).
#
# Environment: SKILL (the interpreter), abs_top_srcdir (set by make check).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).

. "$(dirname "$0")/need-skill.sh"
test -n "${abs_top_srcdir:-}" || { echo "man.sh: abs_top_srcdir is not set" >&2; exit 99; }
man1=$abs_top_srcdir/man/skill.1
man3=$abs_top_srcdir/man/skill.3
man5=$abs_top_srcdir/man/skill.5
stdlib=$abs_top_srcdir/stdlib
have_man=; have_groff=
command -v man >/dev/null 2>&1 && man --version 2>/dev/null | grep -q '^man' && have_man=1
command -v groff >/dev/null 2>&1 && have_groff=1
if test -z "$have_man" && test -z "$have_groff"; then
  echo "man.sh: neither man (man-db) nor groff (groff-base) is installed; skipped"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/man.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# render PAGE LOCALE OUT: plain text of PAGE; its warnings fail the test.
render() {
  if test -n "$have_man"; then
    LC_ALL=$2 MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings=w -l "$1" >"$3" 2>"$tmp/err"
  else
    LC_ALL=$2 groff -man -Tutf8 -ww "$1" >"$3" 2>"$tmp/err"
  fi
  status=$?
  if test "$status" -ne 0 || test -s "$tmp/err"; then
    fail "rendering $(basename "$1") in the $2 locale (status $status):"
    cat "$tmp/err"
  fi
  # Drop overstrikes (bold, underline) for the text checks.
  sed 's/.\x08//g' "$3" >"$3.t" && mv "$3.t" "$3"
}
for page in "$man1" "$man3" "$man5"; do
  render "$page" C "$tmp/plain"
  render "$page" C.UTF-8 "$tmp/$(basename "$page").txt"
  if test -n "$have_groff"; then
    groff -man -Tutf8 -ww -z "$page" 2>"$tmp/err" && test ! -s "$tmp/err" ||
      { fail "groff -man -ww on $(basename "$page"):"; cat "$tmp/err"; }
  fi
done
echo "checked: rendered (man: ${have_man:-no}, groff: ${have_groff:-no})"

# section TEXT NAME: the lines of section NAME of a rendered page.
section() {
  awk -v name="$2" '/^[A-Z]/ { on = ($0 == name); next } on' "$1"
}

# skill(1): every command and option of --help has an entry (a line that
# starts with it) in COMMANDS or OPTIONS.
"$SKILL" --help >"$tmp/help" || fail "skill --help failed"
section "$tmp/skill.1.txt" COMMANDS >"$tmp/commands"
section "$tmp/skill.1.txt" OPTIONS >"$tmp/options"
test -s "$tmp/commands" && test -s "$tmp/options" || fail "skill.1 has no COMMANDS or OPTIONS section"
commands=$(sed -n 's/^ *\(usage: \)\{0,1\}skill \([a-z][a-z]*\).*/\2/p' "$tmp/help" | sort -u)
options=$(grep -o -- '\(^\|[][ |]\)--\{0,1\}[A-Za-z][a-z]*' "$tmp/help" | sed 's/^[][ |]*//' | grep '^-' | sort -u)
test -n "$commands" && test -n "$options" || fail "no commands or options found in skill --help"
for c in $commands; do
  grep -q "^ *$c\( \|\$\)" "$tmp/commands" || fail "skill.1 COMMANDS has no entry for '$c'"
done
for o in $options; do
  grep -q -- "^ *\(.*, \)\{0,1\}$o\(,\| \|\$\)" "$tmp/options" || fail "skill.1 OPTIONS has no entry for '$o'"
done
echo "checked: skill.1 documents" $commands $options

# skill(3): every function include/skill.h declares is named.
funcs=$(sed -n 's/^[a-z].*[ *]\(skill_[a-z_]*\)(.*/\1/p' "$abs_top_srcdir/include/skill.h" | sort -u)
test -n "$funcs" || fail "no functions found in include/skill.h"
for f in $funcs; do
  grep -q "$f" "$tmp/skill.3.txt" || fail "skill.3 does not name $f"
done
echo "checked: skill.3 names" $(echo "$funcs" | wc -l) "functions of skill.h"

# skill(5): every module of stdlib/ is named in STANDARD LIBRARY, and so is
# every def, optimizer and parameter it declares.
section "$tmp/skill.5.txt" "STANDARD LIBRARY" >"$tmp/stdlib.lines"
tr -s ' \n' '  ' <"$tmp/stdlib.lines" >"$tmp/stdlib"
test -s "$tmp/stdlib" || fail "skill.5 has no STANDARD LIBRARY section"
names=0
for f in $(cd "$stdlib" && find . -name '*.skill' | sed 's|^\./||' | LC_ALL=C sort); do
  module=${f%.skill}
  # a heading or an entry of its own: a line that is the name, or a list of names
  grep -q "^ *\([a-z0-9_/]*, \)*\($module\|$f\)\(,.*\)\{0,1\}\$" "$tmp/stdlib.lines" ||
    fail "skill.5 has no heading or entry for the module $module"
  for n in $(sed -n 's/^\(def\|optimizer\|param\) *\([A-Za-z_][A-Za-z0-9_]*\).*/\2/p' "$stdlib/$f"); do
    names=$((names + 1))
    grep -q "\(^\|[^A-Za-z0-9_]\)$n\([^A-Za-z0-9_]\|\$\)" "$tmp/stdlib" ||
      fail "skill.5 does not document $n (from $f)"
  done
done
echo "checked: skill.5 documents the standard library ($names names)"

test "$fails" -eq 0 || { echo "$fails failed"; exit 1; }
