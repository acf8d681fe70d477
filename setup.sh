#!/bin/sh
# setup.sh - install what skill needs, build it, and run an example or the tests.
#   ./setup.sh run    build, then run an example
#   ./setup.sh test   build with -Werror, then run `make check`
# Safe to run again: each step is skipped when it is already done.
set -eu
cd "$(dirname "$0")"

PKGS="re2c bison autoconf automake libtool pkg-config make gcc
      libgsl-dev libgraphviz-dev graphviz libopenblas-dev libreadline-dev python3
      man-db groff-base libcairo2-dev fonts-dejavu-core"
EXAMPLE=examples/fig17_case3.skill
JOBS=2

ensure_deps() {
  command -v dpkg-query >/dev/null || { echo "setup: no dpkg; assuming dependencies are installed"; return 0; }
  missing=
  for p in $PKGS; do
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

case "${1:-}" in
  run)
    ensure_deps
    build $werror
    if test -f "$EXAMPLE"; then
      mkdir -p out
      src/skill run "$EXAMPLE" -o out/
      echo "setup: results are in out/"
    else
      src/skill --version
    fi
    ;;
  test)
    ensure_deps
    build --enable-werror
    make -j"$JOBS" check
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 64
    ;;
esac
