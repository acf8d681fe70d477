#!/bin/sh
# golden-list.sh - tests/golden.am lists exactly the golden tests in
# tests/golden/: a test added without regenerating the list would never run.
# Regenerate with: sh tests/list-golden.sh > tests/golden.am
#
# Environment: abs_top_srcdir (set by `make check`).
# Exit: 0 pass, 1 fail (automake's conventions).
top=${abs_top_srcdir:-$(dirname "$0")/../..}
if sh "$top/tests/list-golden.sh" | cmp -s - "$top/tests/golden.am"; then
  echo "tests/golden.am is up to date"
else
  echo "FAIL: tests/golden.am is stale; differences (- listed, + on disk):"
  sh "$top/tests/list-golden.sh" | diff "$top/tests/golden.am" - | head -20
  echo "regenerate it: sh tests/list-golden.sh > tests/golden.am"
  exit 1
fi
