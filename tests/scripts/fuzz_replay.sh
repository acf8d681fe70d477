#!/bin/sh
# fuzz_replay.sh - replays the committed fuzz corpus through the three harnesses
# (built without libFuzzer by `make check`: tests/fuzz/replay_*): every
# input that once crashed, hung or leaked stays a test.  The replay runs in
# an empty scratch folder, which must stay empty: the harnesses write no
# files, even for the corpus's `save`, `plot` and `-> "file"`.  Under
# --enable-sanitizers the replay is checked by ASan/UBSan/LSan too.
#
# Environment: abs_top_srcdir, abs_top_builddir (set by make check).
# Exit: 0 pass, 1 fail, 99 hard error (automake's conventions).
test -n "${abs_top_srcdir:-}" && test -n "${abs_top_builddir:-}" ||
  { echo "fuzz_replay.sh: abs_top_srcdir and abs_top_builddir must be set" >&2; exit 99; }
fuzz=$abs_top_srcdir/tests/fuzz
. "$(dirname "$0")/scratch.sh"
status=0
for h in frontend eval data; do
  replay=$abs_top_builddir/tests/fuzz/replay_$h
  test -x "$replay" || { echo "fuzz_replay.sh: $replay not built" >&2; exit 99; }
  n=$(ls "$fuzz/corpus/$h" "$fuzz/regressions/$h" | grep -c .)
  test "$n" -gt 0 || { echo "FAIL: no corpus for $h" >&2; status=1; continue; }
  if out=$("$replay" "$fuzz/corpus/$h" "$fuzz/regressions/$h" 2>&1); then
    echo "$h: $out"
  else
    echo "FAIL: $h: $out" >&2
    status=1
  fi
done
if test -n "$(ls -A)"; then
  echo "FAIL: the replay wrote files:" $(ls -A) >&2
  status=1
fi
exit $status
