#!/bin/sh
# readme.sh - every .skill program shown in README.md runs as written: each
# fenced block (``` without a language) whose first line is a comment is
# extracted and run with `skill run` in a scratch folder; each must exit 0
# and write no diagnostics.
# Exit: 0 pass, 1 fail, 99 hard error.

. "$(dirname "$0")/need-skill.sh"
readme=${srcdir:-.}/README.md
test -f "$readme" || { echo "readme.sh: no README.md at $readme" >&2; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/readme.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
  /^```/ && !inside { inside = 1; first = ($0 == "```"); next }
  /^```$/ && inside { inside = 0; if (file) close(file); file = ""; next }
  inside && first { first = 0; if ($0 ~ /^#/) { n++; file = sprintf("%s/block%d.skill", dir, n) } }
  inside && file { print > file }
' "$readme"
count=$(ls "$tmp"/block*.skill 2>/dev/null | wc -l)
test "$count" -ge 2 || { echo "FAIL: found $count programs in README.md"; exit 1; }
fail=0
for f in "$tmp"/block*.skill; do
  if ! (cd "$tmp" && "$SKILL" run -q "$f" > "$f.out" 2> "$f.err") || test -s "$f.err"; then
    echo "FAIL: README program $(basename "$f"):"; cat "$f"; cat "$f.err"; fail=1
  fi
done
test "$fail" -eq 0 && echo "PASS: $count README programs run"
exit "$fail"
