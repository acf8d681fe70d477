#!/bin/sh
# setup-example.sh - `./setup.sh example`, the last step of `./setup.sh
# run`, runs examples/fig17_case3.skill with the program already built and
# ends by saying what it computed (labelled lines), where its files are and
# what to try next.  Installs nothing: apt-get, sudo, dpkg-query, make and
# autoreconf are replaced by stubs that record any call, and none may come.
# A wrong command is a usage error (status 2).
#
# Environment (set by `make check`): SKILL, abs_top_srcdir.
# Exit: 0 pass, 1 fail, 99 hard error (automake's conventions).

. "$(dirname "$0")/need-skill.sh"
test -n "${abs_top_srcdir:-}" || { echo "setup-example.sh: abs_top_srcdir is not set" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/setup-example.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

mkdir "$tmp/stubs" "$tmp/out" || exit 99
for tool in apt-get sudo dpkg-query make autoreconf; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/called"\nexit 1\n' "$tool" "$tmp" > "$tmp/stubs/$tool"
  chmod +x "$tmp/stubs/$tool" || exit 99
done

PATH=$tmp/stubs:$PATH SKILL=$SKILL OUT=$tmp/out sh "$abs_top_srcdir/setup.sh" example \
  >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
test "$status" -eq 0 || { fail "setup.sh example exited $status"; cat "$tmp/stderr"; }
test -s "$tmp/stderr" && { fail "setup.sh example wrote to stderr:"; cat "$tmp/stderr"; }
test -f "$tmp/called" && { fail "setup.sh example ran installers or build tools:"; cat "$tmp/called"; }

# The example's own lines: every number with its skill and its level.
cat > "$tmp/want" <<'EOT'
Figure 17, case 3: seven skills with AND and OR dependencies, learned by
the Resource model in 20000 Euler steps (gate sharp(0.001)).
When each skill's level (0 = unlearned, 1 = learned) first reached 0.1 and 0.9:
  T1 (frequency 0.1):    0.1 at step 1182, 0.9 at step 3532
  T2 (frequency 0.01):   0.1 at step 2746, 0.9 at step 6113
  T3 (frequency 2):      0.1 at step 117, 0.9 at step 1229
  T4 (frequency 0.2):    0.1 at step 809, 0.9 at step 2828
  T5 (needs T1 and T2):  0.1 at step 6782, 0.9 at step 8837
  T6 (needs T3 or T4):   0.1 at step 2723, 0.9 at step 4361
  T7 (needs T5 or T6):   0.1 at step 4654, 0.9 at step 5953
Wrote hier3.csv (the run every 100 steps: step, loss, T1 ... T7),
hier3_levels.svg (the levels against steps) and hier3.svg (the graph).
EOT
sed -n '/^Figure 17, case 3/,/(the graph)\.$/p' "$tmp/stdout" > "$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || { fail "the example's labelled results:"; diff "$tmp/want" "$tmp/got"; }

# Then what happened, the files (which exist), and what to try next.
for heading in "setup: done.  What happened:" "Its files, in $tmp/out/:" "What to try next:"; do
  grep -q -x -F "$heading" "$tmp/stdout" || fail "no line '$heading'"
done
for f in hier3.csv hier3_levels.svg hier3.svg; do
  grep -q "^  $tmp/out/$f  *[a-z]" "$tmp/stdout" || fail "$f is not listed with what it holds"
  test -s "$tmp/out/$f" || fail "$f was not written to $tmp/out"
done
test "$(wc -l < "$tmp/out/hier3.csv")" -eq 202 || fail "hier3.csv has not 202 lines"
for next in "repl examples/fig17_case3.skill" "man -l man/skill.1" "man -l man/skill.5" "make install"; do
  grep -q -F "$next" "$tmp/stdout" || fail "the next steps do not mention '$next'"
done

sh "$abs_top_srcdir/setup.sh" bogus >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
test "$status" -eq 2 || fail "setup.sh bogus exited $status, not 2"
grep -q "^usage: .*setup.sh run|test|example" "$tmp/stderr" || fail "setup.sh bogus printed no usage"

test "$fails" -eq 0 || { cat "$tmp/stdout"; echo "$fails failed"; exit 1; }
echo "ok: setup.sh example explains its results"
