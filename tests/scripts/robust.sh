#!/bin/sh
# robust.sh - hostile and extreme inputs must be rejected cleanly.
#
# Each case generates one input file in a scratch folder, runs
# `skill check` on it and asserts that skill
#   - finishes within the time limit (10 s; 300 s under SKILL_WRAPPER),
#   - exits with the expected status (65 for invalid input, 0 for the
#     valid ones), and in particular does not crash (status >= 128),
#   - writes a bounded diagnostic: non-empty for invalid input, at most
#     250 lines (errors are capped at about fifty) and 64 KiB, and no raw
#     NUL or ESC bytes (stderr may be a terminal),
#   - writes nothing on stdout.
#
# Environment: SKILL (the interpreter, set by `make check`), SKILL_WRAPPER
# (optional, e.g. valgrind).  Needs python3 to generate the inputs; without
# it the test is skipped (status 77).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).

. "$(dirname "$0")/need-skill.sh"
command -v python3 >/dev/null 2>&1 || { echo "robust.sh: python3 not found; skipped"; exit 77; }
command -v timeout >/dev/null 2>&1 || { echo "robust.sh: timeout not found; skipped"; exit 77; }

limit=10
test -n "$SKILL_WRAPPER" && limit=300

. "$(dirname "$0")/scratch.sh"

# Generate every input; the random ones from a fixed seed.
python3 - <<'PY' || exit 99
import random
def w(name, data):
    with open(name, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())
MB = 1 << 20
w('deep_parens.skill', 'print ' + '(' * 10000 + '1' + ')' * 10000 + '\n')
w('deep_brackets.skill', 'print ' + '[' * 10000 + '1' + ']' * 10000 + '\n')
w('unary_minus.skill', 'print ' + '- ' * 100000 + '1\n')
w('not_chain.skill', 'print ' + 'not ' * 100000 + 'true\n')
w('long_sum.skill', 'print 1' + '+1' * (MB // 2) + '\n')
random.seed(1)
w('long_letters.skill', ''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(MB)) + '\n')
w('long_string.skill', 'print "' + 'x' * MB + '\n')
w('binary_nul.skill', b'\x7fELF\x02\x01\x01\x00' + bytes(random.randrange(256) for _ in range(4096)))
w('random_bytes.skill', bytes(random.randrange(1, 256) for _ in range(65536)))
s = '1'
for _ in range(1000):
    s = '"{' + s + '}"'
w('deep_interpolation.skill', 'print ' + s + '\n')
w('many_errors.skill', 'print 1 @ 2\n' * 100000)
w('bom_only.skill', b'\xef\xbb\xbf')
w('empty.skill', b'')
w('big_family.skill', 'skill S[1..100000] freq zipf(1)\n')
w('many_lines.skill', ''.join('let x%d = %d\n' % (i, i) for i in range(100000)))
# a table verb on a line after many comments continues the expression
w('verb_after_comments.skill', 'let t = sweep k in 1..3 { row k = k }\nlet u = t\n' + '# c\n' * 200000 +
  '  where k > 1\n')
w('verb_chain.skill', 'let t = sweep k in 1..3 { row k = k }\nlet u = t' + ' where k > 0' * 900 + '\n')
w('verb_chain_too_deep.skill', 'let t = sweep k in 1..3 { row k = k }\nlet u = t' + ' sort by k' * 5000 + '\n')
PY

fail=0
# expect FILE STATUS: run `skill check FILE` and check the outcome.
expect() {
  file=$1 want=$2
  # shellcheck disable=SC2086  # SKILL_WRAPPER is a command line by design
  NO_COLOR=1 timeout "$limit" $SKILL_WRAPPER "$SKILL" check "$file" \
    </dev/null >out 2>err
  status=$?
  lines=$(wc -l <err | tr -d ' ')
  bytes=$(wc -c <err | tr -d ' ')
  problem=
  if test "$status" -eq 124; then
    problem="timed out after $limit s"
  elif test "$status" -ge 128; then
    problem="crashed (status $status)"
  elif test "$status" -ne "$want"; then
    problem="exit status $status, expected $want"
  elif test -s out; then
    problem="wrote to stdout"
  elif test "$want" -eq 0 && test -s err; then
    problem="wrote a diagnostic for valid input"
  elif test "$want" -ne 0 && test ! -s err; then
    problem="no diagnostic"
  elif test "$lines" -gt 250; then
    problem="diagnostic of $lines lines (more than 250)"
  elif test "$bytes" -gt 65536; then
    problem="diagnostic of $bytes bytes (more than 64 KiB)"
  elif LC_ALL=C tr -d '\000\033' <err | cmp -s - err; then
    :
  else
    problem="diagnostic contains raw NUL or ESC bytes"
  fi
  if test -n "$problem"; then
    echo "FAIL: $file: $problem"
    echo "  stderr begins:"
    { head -c 600 err; echo; } | LC_ALL=C tr -c '\n -~' '?' | head -n 8 | sed 's/^/  | /'
    fail=1
  else
    echo "ok: $file (status $status, $lines lines of diagnostics)"
  fi
}

expect deep_parens.skill 65
expect deep_brackets.skill 65
expect unary_minus.skill 65
expect not_chain.skill 65
expect long_sum.skill 65
expect long_letters.skill 65
expect long_string.skill 65
expect binary_nul.skill 65
expect random_bytes.skill 65
expect deep_interpolation.skill 65
expect many_errors.skill 65
expect bom_only.skill 0
expect empty.skill 0
expect many_lines.skill 0
expect big_family.skill 0
expect verb_after_comments.skill 0
expect verb_chain.skill 0
expect verb_chain_too_deep.skill 65

exit "$fail"
