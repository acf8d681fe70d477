#!/bin/sh
# self-contained.sh - the distributed sources cite only what a reader has:
# the paper, the man pages and the project's own docs/.  Fails on any
# mention of the planning documents the project was built from (their
# file names, or phrases that name them) in a source,
# test, example, library, benchmark, man page, README or docs file.
#
# The files are those git tracks when the source tree is a checkout, else
# every file of those kinds under it.  This script names the patterns, so
# it is not searched itself.
#
# Environment: abs_top_srcdir (set by `make check`; default: the tree
# this script is in).
# Exit: 0 pass, 1 fail, 99 hard error (automake's conventions).

top=${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 99
test -f configure.ac || { echo "self-contained.sh: no source tree at $top" >&2; exit 99; }
self=tests/scripts/self-contained.sh

tmp=$(mktemp "${TMPDIR:-/tmp}/self-contained.XXXXXX") || exit 99
trap 'rm -f "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

if test -d .git || test -f .git; then
  git ls-files >"$tmp" || exit 99
else
  find README.md setup.sh Makefile.am configure.ac docs src grammar tests examples stdlib bench man \
    -type f \( -name '*.[ch15]' -o -name '*.re' -o -name '*.y' -o -name '*.skill' -o -name '*.sh' \
    -o -name '*.md' -o -name '*.am' -o -name '*.ac' -o -name '*.check' -o -name '*.out' \
    -o -name '*.err' -o -name '*.args' -o -name '*.py' -o -name '*.stdin' -o -name setup.sh \) \
    -print 2>/dev/null >"$tmp"
fi
test -s "$tmp" || { echo "self-contained.sh: no files found under $top" >&2; exit 99; }

pattern='LANGUAG[E]\.md|REFERENCE-CODE-SPE[C]|[Dd]esign dr[a]ft|DESIGN DRAFT|[Dd]esign document|/work/shared'
hits=$(grep -v -x -F "$self" "$tmp" | tr '\n' '\0' |
  xargs -0 grep -n -I -s -E "$pattern" /dev/null)
if test -n "$hits"; then
  echo "FAIL: citations of documents that are not in the repository:"
  printf '%s\n' "$hits"
  echo "cite the paper, skill(1), skill(5) or a docs/ page instead"
  exit 1
fi
echo "ok: $(grep -c . "$tmp") files cite only the paper, the man pages and docs/"
