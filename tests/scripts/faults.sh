#!/bin/sh
# faults.sh - writes the system refuses.  A file-size limit (ulimit -f, with
# SIGXFSZ ignored so that write(2) fails with EFBIG, as a full disk fails
# with ENOSPC) makes every output file fail part-way: graphs (.svg .png
# .pdf .dot), plots, saved CSV and JSON.  Each must end with exit status 1
# and "cannot write 'FILE': File too large", no temporary left beside FILE
# and the old FILE as it was.  Standard output on /dev/full (ENOSPC) or
# closed (EBADF) must be reported, with exit status 1, by every command
# that writes there.
# Exit: 0 pass, 1 fail, 99 hard error (automake's conventions).

. "$(dirname "$0")/need-skill.sh"

. "$(dirname "$0")/scratch.sh"

cat > deps.skill <<'SK'
skill S[1..40] freq zipf(1)
skill A freq 0.5 needs S1 and S2
skill B freq 0.2 needs A or S3
resource R { eta = 1e-3; N0 = 0; solver = euler }
SK
cat > save.skill <<'SK'
param OUT = "r.csv"
skill S[1..20] freq zipf(1)
resource R { eta = 1e-3; N0 = 0; solver = euler }
let r = run R for 2000 steps every 1
save r -> OUT
SK
cat > table.skill <<'SK'
param OUT = "t.csv"
let t = sweep n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], m in [1, 2, 3, 4] {
  row n = n, m = m, text = "a cell long enough for the rows to pass the size limit"
}
save t -> OUT
SK
cat > plot.skill <<'SK'
param OUT = "p.svg"
skill S[1..20] freq zipf(1)
resource R { eta = 1e-3; N0 = 0; solver = euler }
let r = run R for 2000 steps
plot r -> OUT
SK
printf 'print "one"\nprint "two"\n' > print.skill

fail=0
# limited FILE CMD...: run CMD under a 1-block file-size limit, expecting
# exit 1, the message naming FILE, no temporary, FILE still "old".
limited() {
  file=$1
  shift
  echo old > "$file"
  # shellcheck disable=SC2086  # SKILL_WRAPPER is a command line by design
  (ulimit -f 1 && trap '' XFSZ && exec $SKILL_WRAPPER "$SKILL" "$@") > out 2> err
  status=$?
  problem=
  if test "$status" -ne 1; then
    problem="exit status $status, expected 1"
  elif ! grep -qF "error: cannot write '$file': File too large" err; then
    problem="no message naming '$file' and the system's reason"
  elif ls | grep -q "^$file\.tmp"; then
    problem="a temporary is left: $(ls | grep "^$file\.tmp")"
  elif test "$(cat "$file")" != old; then
    problem="the old $file was changed"
  fi
  if test -n "$problem"; then
    echo "FAIL: $* (limited): $problem"
    sed 's/^/  | /' err
    fail=1
  else
    echo "ok: $* over the size limit"
  fi
}

for ext in svg png pdf dot; do
  limited "g.$ext" graph deps.skill -o "g.$ext"
done
limited r.csv run save.skill -D 'OUT="r.csv"'
limited r.json run save.skill -D 'OUT="r.json"'
limited t.tsv run table.skill -D 'OUT="t.tsv"'
limited p.png run plot.skill -D 'OUT="p.png"'
limited p.svg run plot.skill -D 'OUT="p.svg"'

# full REASON CMD...: CMD with standard output unwritable must exit 1 and
# say "cannot write standard output: REASON".
full() {
  device=$1 reason=$2
  shift 2
  # shellcheck disable=SC2086
  if test "$device" = closed; then
    $SKILL_WRAPPER "$SKILL" "$@" < /dev/null >&- 2> err
  else
    $SKILL_WRAPPER "$SKILL" "$@" < "${stdin:-/dev/null}" > "$device" 2> err
  fi
  status=$?
  if test "$status" -ne 1 || ! grep -qF "cannot write standard output: $reason" err; then
    echo "FAIL: $* > $device: exit status $status, expected 1 and the reason '$reason'"
    sed 's/^/  | /' err
    fail=1
  else
    echo "ok: $* > $device"
  fi
}

if test -w /dev/full; then
  enospc="No space left on device"
  full /dev/full "$enospc" ir deps.skill
  full /dev/full "$enospc" graph deps.skill
  full /dev/full "$enospc" run print.skill
  full /dev/full "$enospc" --version
  full /dev/full "$enospc" --help
  stdin=print.skill full /dev/full "$enospc" repl deps.skill
  # A script stops at the first print that fails.
  "$SKILL" run print.skill > /dev/full 2> err
  test "$(grep -c 'cannot write standard output' err)" -eq 1 ||
    { echo "FAIL: run went on after print failed:"; cat err; fail=1; }
else
  echo "skip: no writable /dev/full"
fi
full closed "Bad file descriptor" ir deps.skill
full closed "Bad file descriptor" run print.skill
"$SKILL" check deps.skill > /dev/full 2> err ||
  { echo "FAIL: check wrote to standard output"; cat err; fail=1; }

test "$fail" -eq 0 && echo "PASS: write failures reported, no temporaries, old files kept"
exit "$fail"
