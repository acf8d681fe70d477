#!/bin/sh
# mpi.sh - sweeps on MPI (skill(1), MPI): `mpirun -n N skill run FILE`
# writes the same bytes as `skill run -j 1 FILE` - standard output, the
# exit status and every file - for N = 1, 2, 3 and -j 1 or 2 per process,
# on several shapes of sweep: one variable and two, a body that prints,
# saves and plots, a sweep in a def, a sweep inside a point, Geometry runs
# with seeds, fewer points than processes, none at all.  A failing point stops the job
# with the sequential run's message and status, and no file of a later
# point is written.
# Exit: 0 pass, 1 fail, 77 skip (built without MPI, or no mpirun), 99 hard error.

. "$(dirname "$0")/need-skill.sh"
"$SKILL" --version | grep -q '^MPI: yes' || { echo "mpi.sh: skill built without MPI; skipped"; exit 77; }
command -v mpirun >/dev/null 2>&1 || { echo "mpi.sh: no mpirun; skipped"; exit 77; }
. "$(dirname "$0")/scratch.sh"

# Root may run MPI jobs here (containers, CI); more processes than cores.
OMPI_ALLOW_RUN_AS_ROOT=1; OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM OMPI_MCA_rmaps_base_oversubscribe
MPIRUN="mpirun --oversubscribe"
# In a --enable-sanitizers build: Open MPI keeps memory to the end in
# components it unloads, which LeakSanitizer cannot name or suppress; the
# sanitizers still catch every memory error.  (The serializer's leaks are
# test_valueser's business.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"; export ASAN_OPTIONS

cat > two.skill <<'SK'
let t = sweep a in [1, 2, 3, 4, 5], b in ["x", "y"] {
  print "point", a, b
  row a = a, b = b, sq = a * a, v = [a, 2 * a], third = a / 3
}
print t
save t -> "two.csv"
SK
cat > files.skill <<'SK'
skill A freq 1
skill B freq 2
resource R { eta = 0.01; N0 = 0.1 }
let t = sweep eta in [0.01, 0.02, 0.05] {
  let r = run R with eta = eta for 300 steps every 50
  print "eta", eta, final_loss(r)
  save r -> "run_{eta}.csv"
  plot r -> "run_{eta}.svg"
  row eta = eta, loss = final_loss(r), run = r
}
save t -> "all.csv"
print t.run[2]
SK
cat > nested.skill <<'SK'
def grid(k) = sweep s in 1..k { row s = s, sq = s * s }
print grid(4)
let inner = sweep a in [1, 2, 3] {
  let u = sweep b in [10, 20] { row b = b, ab = a * b }
  save u -> "inner_{a}.csv"
  print "a", a, sum(u.ab)
  row a = a, total = sum(u.ab)
}
print inner
SK
cat > geometry.skill <<'SK'
skill S[1..30] freq zipf(1.2)
geometry G { dim = 12; vectors = random; loss = ce; batch = 64; optimizer = adam(lr: 0.01) }
let t = sweep seed in [0, 1, 2], d in [8, 16] {
  let r = run G with seed = seed, dim = d for 200 steps every 100
  row seed = seed, dim = d, loss = final_loss(r)
}
save t -> "geometry.csv"
print t
SK
cat > one.skill <<'SK'
let t = sweep a in [7] { row a = a, b = a + 1 }
print t
SK
cat > none.skill <<'SK'
def upto(n) = if n > 0 then [n] else []
let t = sweep a in upto(0) { row a = a }
print "no points", t
SK
cat > fail.skill <<'SK'
let xs = [1, 2, 3]
let t = sweep i in [1, 2, 3, 4, 5, 6] {
  save (sweep j in [i] { row j = j }) -> "point_{i}.csv"
  print "point", i
  row i = i, x = xs[i]
}
save t -> "t.csv"
SK

fail=0
# The folder's files and their bytes, one line each.
listing() {
  (cd "$1" && find . -type f | LC_ALL=C sort | while read -r f; do
     printf '%s %s\n' "$f" "$(cksum < "$f")"; done)
}

# run_seq FILE: the sequential run, into seq/.
run_seq() {
  rm -rf seq && mkdir seq
  "$SKILL" run -q -j 1 "$1" -o seq > seq.out 2> seq.err
  echo $? > seq.status
  listing seq > seq.files
}

# same NAME N J FILE: mpirun -n N skill run -j J FILE gives seq's bytes.
same() {
  name=$1 n=$2 j=$3 file=$4
  rm -rf par && mkdir par
  $MPIRUN -n "$n" "$SKILL" run -q -j "$j" "$file" -o par > par.out 2> par.err
  echo $? > par.status
  listing par > par.files
  for what in out status files; do
    if ! cmp -s "seq.$what" "par.$what"; then
      echo "FAIL: $name: -n $n -j $j: standard $what differs from -j 1's:"
      diff "seq.$what" "par.$what" | head -10
      fail=1
    fi
  done
}

for f in two files nested geometry one none; do
  run_seq "$f.skill"
  test "$(cat seq.status)" = 0 || { echo "FAIL: $f.skill: -j 1 exited $(cat seq.status)"; cat seq.err; fail=1; }
  for n in 1 2 3; do
    same "$f" "$n" 1 "$f.skill"
  done
  same "$f" 2 2 "$f.skill"
done


# A failing point: the first in order, as -j 1 reports it; no later point's
# file, and no table.
run_seq fail.skill
test "$(cat seq.status)" = 1 || { echo "FAIL: fail.skill: -j 1 exited $(cat seq.status), want 1"; fail=1; }
grep -q "fail.skill:5:21: error: index 4 is out of range 1..3" seq.err &&
  grep -q "fail.skill:2:9: note: in point 4 of 6 of this sweep: i = 4" seq.err ||
  { echo "FAIL: fail.skill: -j 1 said:"; cat seq.err; fail=1; }
for n in 2 3; do
  same fail "$n" 1 fail.skill
  # mpirun adds its own lines, between dashes, after skill's.
  sed '/^-----/,$d' par.err > got.err
  cmp -s seq.err got.err || { echo "FAIL: fail.skill -n $n: the error differs:"; diff seq.err got.err; fail=1; }
  test -f par/point_3.csv && test ! -f par/point_5.csv && test ! -f par/t.csv ||
    { echo "FAIL: fail.skill -n $n: wrote"; cat par.files; fail=1; }
done

# A file saved outside the sweeps is in place, on every process, before
# the next statement: loaded back, it is the new one, not an old copy.
cat > reload.skill <<'SK'
param dir = "."
let t = sweep a in [1, 2, 3] { row a = a, b = a * 10 }
save t -> "{dir}/t.csv"
let u = load("{dir}/t.csv")
let v = sweep k in u.b { row k = k, twice = 2 * k }
print v
SK
for d in seqabs parabs; do mkdir $d && printf 'a,b\n7,70\n' > $d/t.csv; done
"$SKILL" run -q reload.skill -D "dir=\"$PWD/seqabs\"" > seq.out 2>&1
$MPIRUN -n 3 "$SKILL" run -q reload.skill -D "dir=\"$PWD/parabs\"" > par.out 2>&1
cmp -s seq.out par.out || { echo "FAIL: a file saved, then loaded, under mpirun:"; diff seq.out par.out | head; fail=1; }

# Processes that disagree about a sweep (here: two programs, MPMD) stop
# with a message, not a crash or a hang.
cat > other.skill <<'SK'
let t = sweep a in [1, 2] { row a = a }
SK
$MPIRUN -n 1 "$SKILL" run -q one.skill : -n 1 "$SKILL" run -q other.skill > mpmd.out 2> mpmd.err
status=$?
grep -q "one.skill:1:9: error: the processes of the MPI job disagree about this sweep (from 1 to 2 points)" mpmd.err &&
  test $status = 1 || { echo "FAIL: processes that disagree (status $status):"; cat mpmd.err; fail=1; }

# A process that stops on an error of its own (here a file only it
# lacks, MPMD again) while the others wait in a sweep: after 10 s it says
# so and aborts the job, with its status; no hang.
printf 'let u = load("nope.csv")\nlet t = sweep a in [1, 2] { row a = a }\n' > alone.skill
$MPIRUN -n 1 "$SKILL" run -q other.skill : -n 1 "$SKILL" run -q alone.skill > alone.out 2> alone.err
status=$?
grep -q "^skill: MPI process 1 of 2 stopped with exit status 66 while the others went on; aborting the job" alone.err &&
  test $status = 66 || { echo "FAIL: a process alone in error (status $status):"; cat alone.err; fail=1; }

# Other commands: once, by the first process; the REPL refuses.
printf 'let x = \n' > broken.skill
$MPIRUN -n 2 "$SKILL" check broken.skill > check.out 2> check.err
test "$(grep -c 'broken.skill:1:9: error' check.err)" = 1 ||
  { echo "FAIL: check under mpirun does not report once:"; cat check.err; fail=1; }
$MPIRUN -n 2 "$SKILL" ir one.skill > ir.out 2>&1
"$SKILL" ir one.skill > ir.want
cmp -s ir.want ir.out || { echo "FAIL: ir under mpirun is not printed once:"; diff ir.want ir.out | head; fail=1; }
$MPIRUN -n 2 "$SKILL" repl < /dev/null > repl.out 2> repl.err
grep -q "^skill: error: 'repl' runs in one process, not under mpirun" repl.err ||
  { echo "FAIL: repl under mpirun:"; cat repl.err; fail=1; }

# SIGTERM to mpirun (forwarded to every process) in the middle of long
# points: all stop soon, no file and no temporary is left.
cat > long.skill <<'SK'
skill S[1..1000] freq zipf(1.2)
geometry G { dim = 1000; vectors = random; loss = ce; batch = 1024; optimizer = adam(lr: 0.01) }
let t = sweep seed in 0..40 {
  let r = run G with seed = seed for 1000000 steps every 1000
  save r -> "r_{seed}.csv"
  row seed = seed
}
save t -> "t.csv"
SK
rm -rf par && mkdir par
$MPIRUN -n 3 "$SKILL" run -q long.skill -o par > long.out 2> long.err &
job=$!
sleep 3
kill -TERM "$job"
waited=0
while kill -0 "$job" 2>/dev/null && test $waited -lt 60; do sleep 1; waited=$((waited + 1)); done
if kill -0 "$job" 2>/dev/null; then
  echo "FAIL: the job did not stop within 60 s of SIGTERM"; kill -KILL "$job"; fail=1
fi
wait "$job"
test -z "$(ls par)" || { echo "FAIL: files left after SIGTERM:"; ls par; fail=1; }

test $fail = 0 && echo "mpi.sh: all passed"
exit $fail
