#!/bin/sh
# repl_pty.sh - the REPL on a terminal (a pseudo-terminal driven by
# python3's pty module): `skill repl FILE` and `skill` alone must
#   - print the prompt "skill> " and, inside an open block, "  ...> ",
#   - draw a run's chart in braille and, without NO_COLOR, in colour,
#   - complete a keyword with Tab ("prin<Tab>" -> "print "),
#   - stop a long run on Ctrl-C and come back to the prompt with the
#     session intact (`_` and the parameters as they were),
#   - drop the line being typed on Ctrl-C, :reload an edited file and run
#     the latest run again beside the previous numbers, leave on Ctrl-D,
#   - write the lines typed to the history file $SKILL_HISTORY, and read
#     it back in the next session (Up arrow recalls the last line); without
#     SKILL_HISTORY, write $XDG_STATE_HOME/skill/history.
#
# Environment: SKILL (the interpreter, set by `make check`), SKILL_WRAPPER
# (optional, e.g. valgrind).  Needs python3; skipped (77) without it.
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).

. "$(dirname "$0")/need-skill.sh"
command -v python3 >/dev/null 2>&1 || { echo "repl_pty.sh: python3 not found; skipped"; exit 77; }

. "$(dirname "$0")/scratch.sh"

cat >one.skill <<'EOF'
param N0 = 0
skill A freq 1
skill B freq 0.5
resource R { eta = 1e-3; N0 = N0; solver = euler }
EOF

SKILL_HISTORY=$tmp/history; export SKILL_HISTORY
TERM=xterm-256color; export TERM
unset NO_COLOR COLORTERM

python3 - "$SKILL" "${SKILL_WRAPPER:-}" <<'PY'
import os, pty, select, signal, struct, sys, time, fcntl, termios

skill, wrapper = sys.argv[1], sys.argv[2].split()
limit = 300 if wrapper else 20

def spawn(*args):
    pending[0] = b''
    pid, fd = pty.fork()
    if pid == 0:
        signal.signal(signal.SIGINT, signal.SIG_DFL)   # make check may run with it ignored
        argv = wrapper + [skill] + list(args)
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))
    return pid, fd

pending = [b'']    # read but not yet matched

def read_until(fd, want, what):
    buf, end = pending[0], time.time() + limit
    while want not in buf:
        left = end - time.time()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            sys.exit('FAIL: no %s within %d s; the terminal showed:\n%r' % (what, limit, buf[-2000:]))
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            sys.exit('FAIL: the session ended before %s; it showed:\n%r' % (what, buf[-2000:]))
        buf += data
    cut = buf.index(want) + len(want)
    pending[0] = buf[cut:]
    return buf[:cut]

def finish(pid, fd):
    end = time.time() + limit
    while time.time() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            os.close(fd)
            return os.waitstatus_to_exitcode(status)
        try:
            if select.select([fd], [], [], 0.1)[0]:
                os.read(fd, 65536)
        except OSError:
            pass
    os.kill(pid, 9)
    sys.exit('FAIL: the session did not end')

prompt = b'skill> '
pid, fd = spawn('repl', 'one.skill')
read_until(fd, prompt, 'first prompt')
os.write(fd, b'run R for 3000 steps\r')
out = read_until(fd, prompt, 'prompt after a run')
braille = [c for c in out.decode('utf-8', 'replace') if 0x2801 <= ord(c) <= 0x28FF]
if len(braille) < 50:
    sys.exit('FAIL: no braille chart after the run:\n%r' % out)
if b'\x1b[38;5;' not in out:
    sys.exit('FAIL: the chart is not in colour on a terminal:\n%r' % out)
if b'time_to(A, 0.9)  1584' not in out or b'time_to(B, 0.9)  1893' not in out:
    sys.exit('FAIL: no key numbers (time_to(A, 0.9) = 1584, time_to(B, 0.9) = 1893):\n%r' % out)
# Ctrl-C during a long run stops it and brings back the prompt; the
# session is intact: `_` is still the run before, N0 still 0.
os.write(fd, b'run R with N0 = 1 for 1000000000 steps\r')
read_until(fd, b'run R [', 'the long run\'s progress line')
os.write(fd, b'\x03')
read_until(fd, b'interrupted', 'the message after Ctrl-C during a run')
read_until(fd, prompt, 'prompt after Ctrl-C during a run')
os.write(fd, b'print _\r')
read_until(fd, b'<run of R: 2 skills, 1001 rows, steps 0..3000>', 'the previous run as `_`')
read_until(fd, prompt, 'prompt after print _')
os.write(fd, b':params\r')
read_until(fd, b'N0 = 0\r\n', 'N0 unchanged after the stopped run')
read_until(fd, prompt, 'prompt after :params')
os.write(fd, b'prin\t')
read_until(fd, b'print ', 'completion of "prin"')
os.write(fd, b'6 * 7\r')
read_until(fd, b'42', 'the completed statement\'s output')
read_until(fd, prompt, 'prompt after print')
os.write(fd, b'print (1 +\r')
read_until(fd, b'  ...> ', 'continuation prompt')
os.write(fd, b'2)\r')
read_until(fd, b'3', 'the two-line statement\'s output')
read_until(fd, prompt, 'prompt after two lines')
os.write(fd, b'let dropped = \x03')
read_until(fd, prompt, 'prompt after Ctrl-C')
os.write(fd, b'print dropped\r')
read_until(fd, b"undefined name 'dropped'", 'the dropped line\'s absence')
read_until(fd, prompt, 'prompt after an error')
# :reload reads the edited file and runs the latest run again, compared.
src = open('one.skill').read()
open('one.skill', 'w').write(src.replace('eta = 1e-3', 'eta = 3e-3'))
os.write(fd, b':reload\r')
out = read_until(fd, prompt, 'prompt after :reload').decode('utf-8', 'replace')
import re
m = re.search(r'time_to\(A, 0\.9\) +(\d+) +1584 +-(\d+)', out)
if not m or int(m.group(1)) >= 1584 or int(m.group(1)) + int(m.group(2)) != 1584:
    sys.exit('FAIL: after :reload with eta tripled, no faster time_to(A, 0.9) beside 1584:\n%s' % out)
os.write(fd, b'\x04')
status = finish(pid, fd)
if status != 1:    # the session had an error: print dropped
    sys.exit('FAIL: exit status %d after a session with an error, expected 1' % status)

hist = open(os.environ['SKILL_HISTORY']).read().splitlines()
for line in ['run R for 3000 steps', 'print 6 * 7', 'print (1 +', '2)', ':reload']:
    if line not in hist:
        sys.exit('FAIL: %r is not in the history file: %r' % (line, hist))
if any('dropped =' in l for l in hist):
    sys.exit('FAIL: a line dropped by Ctrl-C is in the history: %r' % hist)

# `skill` alone on a terminal is the REPL, and reads the history back.
pid, fd = spawn()
read_until(fd, prompt, 'the prompt of `skill` alone')
os.write(fd, b'\x1b[A')         # Up: the last line of the history
read_until(fd, b':reload', 'the history recalled by Up')
os.write(fd, b'\x15:quit\r')    # Ctrl-U clears the line
status = finish(pid, fd)
if status != 0:
    sys.exit('FAIL: exit status %d after :quit, expected 0' % status)
# Without SKILL_HISTORY the history goes to $XDG_STATE_HOME/skill/history.
del os.environ['SKILL_HISTORY']
os.environ['XDG_STATE_HOME'] = os.path.join(os.getcwd(), 'state')
pid, fd = spawn('repl')
read_until(fd, prompt, 'the prompt with XDG_STATE_HOME')
os.write(fd, b'print 99\r')
read_until(fd, b'99', 'output with XDG_STATE_HOME')
os.write(fd, b':q\r')
if finish(pid, fd) != 0:
    sys.exit('FAIL: exit status after :q with XDG_STATE_HOME')
hist = open('state/skill/history').read().splitlines()
if hist != ['print 99', ':q']:
    sys.exit('FAIL: $XDG_STATE_HOME/skill/history holds %r' % hist)
print('PASS: prompt, chart, Ctrl-C in a run, completion, continuation, Ctrl-C, :reload, Ctrl-D, history')
PY
