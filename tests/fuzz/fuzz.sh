#!/bin/sh
# fuzz.sh - builds the libFuzzer harnesses with clang and runs them; `make
# fuzz` calls it with the build's flags in the environment:
#   FUZZ_CC      clang with -fsanitize=fuzzer (configure finds it)
#   FUZZ_CFLAGS  preprocessor and compiler flags of the normal build
#   FUZZ_LIBS    the libraries skill links with
#   FUZZ_SOURCES the library's sources (in srcdir); FUZZ_GENERATED the
#                generated ones (in the build tree); only .c files count
#   FUZZ_TIME    seconds each harness runs (default 60)
#   FUZZ_ARGS    more libFuzzer options, e.g. -entropic=0
#   FUZZ_SANITIZE  sanitizers the harnesses build with (default
#                address,undefined); empty: coverage only, some 3x faster
# Usage: fuzz.sh build | run [frontend|eval|data]... | coverage [CORPUS-FOLDER]...
# The harnesses land in tests/fuzz/ of the build tree, new corpus entries
# in tests/fuzz/work/HARNESS/, crashes in tests/fuzz/work/artifacts/.
# `coverage` builds both harnesses with replay.c and clang's source-based
# coverage, replays the committed corpus (and any folders named), and
# prints llvm-cov's report for src/.
set -eu
srcdir=${srcdir:-.}
here=$srcdir/tests/fuzz
out=tests/fuzz
obj=$out/obj
: "${FUZZ_TIME:=60}" "${FUZZ_ARGS:=}"
SAN=
test -n "${FUZZ_SANITIZE-address,undefined}" &&
  SAN="-fsanitize=${FUZZ_SANITIZE-address,undefined} -fno-sanitize-recover=all -fno-omit-frame-pointer"

die() { echo "fuzz: $*" >&2; exit 2; }

build() {
  test -n "${FUZZ_CC:-}" || die "no clang with -fsanitize=fuzzer found; install package clang and run configure again (or set FUZZ_CC)"
  mkdir -p "$obj"
  objs=
  srcs=
  for c in $FUZZ_SOURCES; do srcs="$srcs $srcdir/$c"; done
  for c in $srcs ${FUZZ_GENERATED:-} $here/harness.c; do
    case $c in *.c) ;; *) continue ;; esac
    o=$obj/$(basename "$c" .c).o
    objs="$objs $o"
    # eval: FUZZ_CFLAGS holds make's quoting (-DNAME=\"text\")
    eval "\$FUZZ_CC -g -O2 \$SAN -fsanitize=fuzzer-no-link $FUZZ_CFLAGS -c \"\$c\" -o \"\$o\""
  done
  rm -f "$obj/libskill.a"
  # shellcheck disable=SC2086
  ${AR:-ar} cr "$obj/libskill.a" $objs
  for h in frontend eval data; do
    eval "\$FUZZ_CC -g -O2 \$SAN -fsanitize=fuzzer $FUZZ_CFLAGS -o \"\$out/fuzz_\$h\" \
      \"\$here/fuzz_\$h.c\" \"\$obj/libskill.a\" $FUZZ_LIBS"
  done
  echo "fuzz: built $out/fuzz_frontend, $out/fuzz_eval and $out/fuzz_data"
}

run() {
  for h in "$@"; do
    mkdir -p "$out/work/$h" "$out/work/artifacts"
    # shellcheck disable=SC2086
    LSAN_OPTIONS="suppressions=$srcdir/tests/lsan.supp:print_suppressions=0" \
    OPENBLAS_NUM_THREADS=1 "$out/fuzz_$h" -max_total_time="$FUZZ_TIME" \
      -dict="$here/skill.dict" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -artifact_prefix="$out/work/artifacts/$h-" \
      $FUZZ_ARGS "$out/work/$h" "$here/corpus/$h" "$here/regressions/$h"
  done
}

# Source-based coverage of src/ from replaying the corpus (no libFuzzer).
coverage() {
  test -n "${FUZZ_CC:-}" || die "coverage needs clang (FUZZ_CC)"
  cov=$out/cov
  rm -rf "$cov" && mkdir -p "$cov"
  srcs=
  for c in $FUZZ_SOURCES; do case $c in *.c) srcs="$srcs $srcdir/$c" ;; esac; done
  for c in ${FUZZ_GENERATED:-}; do case $c in *.c) srcs="$srcs $c" ;; esac; done
  for h in frontend eval data; do
    eval "\$FUZZ_CC -O1 -fprofile-instr-generate -fcoverage-mapping $FUZZ_CFLAGS -o \"\$cov/replay_\$h\" \
      \"\$here/replay.c\" \"\$here/harness.c\" \"\$here/fuzz_\$h.c\" $srcs $FUZZ_LIBS"
    LLVM_PROFILE_FILE="$cov/$h.profraw" OPENBLAS_NUM_THREADS=1 "$cov/replay_$h" \
      "$here/corpus/$h" "$here/regressions/$h" "$@"
  done
  ${LLVM_PROFDATA:-llvm-profdata} merge -o "$cov/all.profdata" "$cov/frontend.profraw" "$cov/eval.profraw" "$cov/data.profraw"
  ${LLVM_COV:-llvm-cov} report "$cov/replay_eval" -object "$cov/replay_frontend" -object "$cov/replay_data" \
    -instr-profile="$cov/all.profdata" $srcs
}

cmd=${1:-}
test $# -gt 0 && shift
case $cmd in
  build) build ;;
  run) test $# -gt 0 || set -- frontend eval data; run "$@" ;;
  coverage) coverage "$@" ;;
  *) die "usage: fuzz.sh build | run [frontend|eval|data]... | coverage [FOLDER]..." ;;
esac
