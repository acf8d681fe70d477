#!/bin/sh
# signals.sh - SIGINT, SIGTERM and SIGHUP stop a long run cleanly.  Each is
# sent to `skill run` while it works on something long that would then
# write a file: a resource run, a geometry run, a fit, a sweep under -j 2.
# skill must exit (not be killed) with 128 + the signal's number (130, 143,
# 129) within a few seconds, say "stopped by SIG...", and leave no
# temporary file beside the output, whose old contents stay as they were.
# Driven by python3, which starts skill with the signals' default actions
# (a shell's background jobs start with SIGINT ignored, which skill, like
# any program, then leaves ignored).
# Environment: SKILL, SKILL_WRAPPER (optional).  Needs python3; skipped (77)
# without it.  Exit: 0 pass, 1 fail, 77 skip, 99 hard error.

. "$(dirname "$0")/need-skill.sh"
command -v python3 >/dev/null 2>&1 || { echo "signals.sh: python3 not found; skipped"; exit 77; }

. "$(dirname "$0")/scratch.sh"

# Each prints "started" when the long part begins; none would finish in
# less than minutes (N0 > 0 keeps the resource model's every step busy).
cat > resource.skill <<'SK'
skill S[1..200] freq zipf(1)
resource R { eta = 1e-3; N0 = 1; solver = euler }
print "started"
let r = run R for 1000000000 steps every 1000000 -> "out.csv"
SK
cat > adaptive.skill <<'SK'
skill S[1..1000] freq zipf(1)
resource R { eta = 1e-3; N0 = 0; solver = msbdf; tol = 1e-10 }
print "started"
let r = run R for 1000000000 steps every 100000000 -> "out.csv"
SK
cat > fit.skill <<'SK'
skill S[1..200] freq zipf(1)
param N0 = 0.01
resource R { eta = 1e-3; N0 = N0; solver = euler }
let target = run R for 1000000 steps every 100000
print "started"
let f = fit R to target vary N0 in [1e-5, 1]
save target -> "out.csv"
SK
cat > geometry.skill <<'SK'
skill S[1..20] freq zipf(1)
geometry G { dim = 100; vectors = random; loss = ce; batch = 64; optimizer = adam(lr: 0.01) }
print "started"
let r = run G for 100000000 steps every 10000000 -> "out.csv"
SK
cat > sweep.skill <<'SK'
skill S[1..200] freq zipf(1)
param N0 = 0
resource R { eta = 1e-3; N0 = N0; solver = euler }
print "started"
let t = sweep n in [1, 2, 3, 4, 5, 6, 7, 8] {
  let r = run R with N0 = n for 1000000000 steps every 1000000
  row n = n, loss = final_loss(r)
}
save t -> "out.csv"
SK

python3 - "$SKILL" "${SKILL_WRAPPER:-}" <<'PY'
import glob, os, select, signal, subprocess, sys, time

skill, wrapper = sys.argv[1], sys.argv[2].split()
limit = 300 if wrapper else 20
failed = False

def default_signals():
    """make check may itself run with SIGINT ignored (a background job),
    which skill would rightly keep: start it with the signals' defaults."""
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)

def case(script, sig, args=()):
    global failed
    with open('out.csv', 'w') as f:
        f.write('old\n')
    p = subprocess.Popen(wrapper + [skill, 'run', '-q', script] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=default_signals)
    what = '%s %s (%s)' % (script, ' '.join(args), signal.Signals(sig).name)
    ready = select.select([p.stdout], [], [], limit)[0]
    line = os.read(p.stdout.fileno(), 8) if ready else b''
    problem = None
    if line != b'started\n':
        problem = 'no "started" line within %d s, got %r' % (limit, line)
        p.kill()
    else:
        time.sleep(0.3)          # well inside the long part
        p.send_signal(sig)
    try:
        out, err = p.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        problem = problem or 'still running %d s after the signal' % limit
    want = 128 + sig
    left = glob.glob('out.csv.tmp*')
    old = open('out.csv').read()
    message = 'skill: stopped by %s' % signal.Signals(sig).name
    if problem:
        pass
    elif p.returncode != want:
        problem = 'exit status %d, expected %d (negative: killed)' % (p.returncode, want)
    elif message.encode() not in err:
        problem = 'no "%s" message' % message
    elif left:
        problem = 'temporaries left: %s' % left
    elif old != 'old\n':
        problem = 'out.csv was replaced'
    elif err.count(b'\n') != 1:
        problem = 'more than the one-line message'
    if problem:
        failed = True
        print('FAIL: %s: %s\n  stderr: %r' % (what, problem, err[-600:]))
    else:
        print('ok: %s -> %d' % (what, p.returncode))
    for f in left:
        os.unlink(f)

for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    case('resource.skill', sig)
case('adaptive.skill', signal.SIGINT)
case('fit.skill', signal.SIGHUP)
case('geometry.skill', signal.SIGTERM)
case('sweep.skill', signal.SIGINT, ['-j', '2'])
case('sweep.skill', signal.SIGHUP, ['-j', '2'])
case('sweep.skill', signal.SIGTERM, ['-j', '1'])

# A signal ignored when skill starts (as nohup ignores SIGHUP) stays ignored.
def ignoring_sigint():
    default_signals()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
p = subprocess.Popen(wrapper + [skill, 'run', '-q', 'resource.skill'], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, preexec_fn=ignoring_sigint)
if select.select([p.stdout], [], [], limit)[0]:
    os.read(p.stdout.fileno(), 8)
p.send_signal(signal.SIGINT)
time.sleep(1)
still = p.poll() is None
p.send_signal(signal.SIGTERM)
try:
    p.communicate(timeout=limit)
except subprocess.TimeoutExpired:
    p.kill()
    p.communicate()
if not still or p.returncode != 143:
    failed = True
    print('FAIL: with SIGINT ignored from the start: running after SIGINT %s, status %s'
          % (still, p.returncode))
else:
    print('ok: SIGINT ignored from the start stays ignored; SIGTERM -> 143')
for f in glob.glob('out.csv.tmp*'):
    os.unlink(f)
sys.exit(1 if failed else 0)
PY
status=$?
test "$status" -eq 0 && echo "PASS: signals stop runs cleanly"
exit "$status"
