#!/bin/sh
# setup.sh - install what skill needs, build it, and run an example or the tests.
#   ./setup.sh run      build, then run an example and say what it did
#   ./setup.sh test     build with -Werror, then run `make check`
#   ./setup.sh example  only run the example with the program already built
#                       (SKILL: the program, default src/skill; OUT: the
#                       folder for its files, default out)
# Safe to run again: each step is skipped when it is already done.
# Exit status: 0 done, 2 usage error or missing packages, else the failing
# step's.
set -eu
cd "$(dirname "$0")"

PKGS="re2c bison autoconf automake libtool pkg-config make gcc
      libgsl-dev libgraphviz-dev graphviz libopenblas-dev libreadline-dev python3
      man-db groff-base libcairo2-dev fonts-dejavu-core
      openmpi-bin libopenmpi-dev"
# The tests' independent replicas (numpy, PyTorch) come with `test` only.
TEST_PKGS="python3-numpy python3-torch"
EXAMPLE=examples/fig17_case3.skill
JOBS=2
SKILL=${SKILL:-src/skill}
OUT=${OUT:-out}

ensure_deps() {
  command -v dpkg-query >/dev/null || { echo "setup: no dpkg; assuming dependencies are installed"; return 0; }
  missing=
  for p in $PKGS ${1:-}; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing="$missing $p"
  done
  test -z "$missing" && return 0
  if test "$(id -u)" -eq 0; then
    sudo=
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "setup: missing packages:$missing" >&2
    echo "setup: install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
    exit 2
  fi
  echo "setup: installing$missing"
  $sudo apt-get update </dev/null
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends $missing </dev/null
}

# configured OPTION...: true when config.status exists, is newer than
# configure, and was made with (at least) these options.
configured() {
  test -f Makefile && test -f config.status && test ! configure -nt config.status || return 1
  have=$(./config.status --config)
  for o in "$@"; do
    case " $have " in *" $o "*|*" '$o' "*) ;; *) return 1 ;; esac
  done
}

# build [configure options...]
build() {
  if test ! -x configure || test configure.ac -nt configure; then
    autoreconf -fi
  fi
  configured "$@" || ./configure "$@"
  make -j"$JOBS"
}

werror=
test "${CI:-}" = true && werror=--enable-werror

# The example, then what it did, where its files are and what to try next.
run_example() {
  if test ! -f "$EXAMPLE"; then
    "$SKILL" --version
    return
  fi
  mkdir -p "$OUT"
  echo "setup: running $SKILL run $EXAMPLE -o $OUT/"
  echo
  "$SKILL" run "$EXAMPLE" -o "$OUT/"
  cat <<EOT

setup: done.  What happened:
  The interpreter, $SKILL, ran $EXAMPLE: Figure 17 (case 3)
  of "Physics of Skill Learning".  Seven skills share a learning budget in
  the paper's Resource model; T5 needs T1 AND T2, so it waits for the rare
  T2; T7 needs T5 OR T6, so it follows T6, long before T5 is learned.
  These steps are those of the paper's reference code, exactly
  (docs/reference-conventions.md).

Its files, in $OUT/:
  $OUT/hier3.csv         step, loss and the level of each skill, every 100 steps
  $OUT/hier3_levels.svg  the seven levels against steps
  $OUT/hier3.svg         the dependency graph, with its AND and OR nodes

What to try next:
  $SKILL run $EXAMPLE -o $OUT/ -D gamma=0.01
                      the same with a softer gate: T5 to T7 start earlier
  $SKILL repl $EXAMPLE
                      change a parameter (gamma = 0.01) and see the curves again
  ls examples/        one program per figure of the paper (README.md lists them)
  man -l man/skill.1  the command line;  man -l man/skill.5  the language
  make install        put skill, its man pages and its library on your PATH
                      (README.md, Install)
EOT
}

case "${1:-}" in
  run)
    ensure_deps
    build $werror --with-mpi
    run_example
    ;;
  example)
    run_example
    ;;
  test)
    ensure_deps "$TEST_PKGS"
    build --enable-werror --with-mpi
    make -j"$JOBS" check
    ;;
  *)
    echo "usage: $0 run|test|example" >&2
    exit 2
    ;;
esac
