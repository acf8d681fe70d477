#!/bin/sh
# install.sh - `make install DESTDIR=...` puts the program, the whole standard
# library, the man pages, docs/ and libskill (header, libraries, pkg-config
# file) where they belong, and `make uninstall` takes them away again.
#
# The installed binary searches $(pkgdatadir)/stdlib (its configured
# prefix), not DESTDIR; so the test checks that the folder its hint names
# is the one the library was installed in, then runs it with SKILL_STDLIB
# pointed at the staged copy.
#
# Environment (set by `make check`): abs_top_builddir, abs_top_srcdir,
# SKILL_BINDIR, SKILL_STDLIB_DIR, SKILL_MANDIR, SKILL_DOCDIR, SKILL_PREFIX,
# SKILL_LIBDIR, SKILL_INCLUDEDIR (the configured folders).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).

for v in abs_top_builddir abs_top_srcdir SKILL_BINDIR SKILL_STDLIB_DIR SKILL_MANDIR SKILL_DOCDIR \
         SKILL_PREFIX SKILL_LIBDIR SKILL_INCLUDEDIR; do
  eval "val=\${$v:-}"
  test -n "$val" || { echo "install.sh: $v is not set (run it from make check)" >&2; exit 99; }
done
command -v make >/dev/null 2>&1 || { echo "install.sh: make not found; skipped"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/install.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
dest=$tmp/dest
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# A make of its own, not a job of the `make check` that runs this test.
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$abs_top_builddir" install \
     DESTDIR="$dest" >"$tmp/install.log" 2>&1; then
  echo "FAIL: make install"; cat "$tmp/install.log"; exit 1
fi

bin=$dest$SKILL_BINDIR/skill
std=$dest$SKILL_STDLIB_DIR
test -x "$bin" || fail "no program at $bin"

# The whole library, byte for byte, and nothing else.
(cd "$abs_top_srcdir/stdlib" && find . -name '*.skill' | LC_ALL=C sort) > "$tmp/want"
(cd "$std" 2>/dev/null && find . -type f | LC_ALL=C sort) > "$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || { fail "installed stdlib files differ from stdlib/:"; diff "$tmp/want" "$tmp/got"; }
test -s "$tmp/want" || fail "no stdlib sources found"
while read -r f; do
  test -f "$std/$f" && { cmp -s "$abs_top_srcdir/stdlib/$f" "$std/$f" || fail "$f differs once installed"; }
done < "$tmp/want"
for page in man1/skill.1 man3/skill.3 man5/skill.5; do
  cmp -s "$abs_top_srcdir/man/${page#*/}" "$dest$SKILL_MANDIR/$page" ||
    fail "$SKILL_MANDIR/$page is not installed (or differs)"
done
cmp -s "$abs_top_srcdir/docs/reference-conventions.md" "$dest$SKILL_DOCDIR/reference-conventions.md" ||
  fail "$SKILL_DOCDIR/reference-conventions.md is not installed (or differs)"

# The installed program looks in the folder the library went to.
mkdir "$tmp/run" && cd "$tmp/run" || exit 99
printf 'import "no_such_module"\n' > missing.skill
out=$(env -u SKILL_STDLIB -u SKILL_PATH NO_COLOR=1 "$bin" check missing.skill 2>&1)
case $out in
  *"then in the standard library ('$SKILL_STDLIB_DIR')"*) echo "ok: the program searches $SKILL_STDLIB_DIR" ;;
  *) fail "the installed program does not search $SKILL_STDLIB_DIR: $out" ;;
esac
case $out in
  *"listed in 'man 5 skill'"*) echo "ok: the installed program's hint says man 5 skill" ;;
  *) fail "the installed program's hint does not say man 5 skill: $out" ;;
esac

# The staged library works: modules, and modules importing modules.
cat > use.skill <<'EOS'
import "schedules"
import "optimizers"
import "paper/fig17_case3"
print warmup_cosine(6000, 2000, 10000, 0.05), paper_signgd_lr
print time_to(run R for 20000 steps every 1, T7, 0.9)
EOS
out=$(env -u SKILL_PATH SKILL_STDLIB="$std" "$bin" run use.skill 2>&1)
if test "$out" = "0.525 0.0003
5953"; then
  echo "ok: the installed modules run"
else
  fail "the installed modules: $out"
fi

# libskill: the header, the shared and static libraries and the pkg-config
# file; examples/embed.c builds against them as skill(3) says and runs.
for f in "$SKILL_INCLUDEDIR/skill.h" "$SKILL_LIBDIR/libskill.so" "$SKILL_LIBDIR/libskill.a" \
         "$SKILL_LIBDIR/pkgconfig/skill.pc"; do
  test -f "$dest$f" || fail "$f is not installed"
done
if command -v pkg-config >/dev/null 2>&1; then
  pc() { PKG_CONFIG_PATH="$dest$SKILL_LIBDIR/pkgconfig" pkg-config \
           --define-variable=prefix="$dest$SKILL_PREFIX" "$@" skill; }
  case $(pc --static --libs) in
    *-lskill*-lgsl*) echo "ok: pkg-config --static names libskill's own libraries" ;;
    *) fail "pkg-config --static --libs: $(pc --static --libs)" ;;
  esac
  # The build's compiler and flags: a library built with sanitizers needs
  # them in the program too.
  # shellcheck disable=SC2046,SC2086  # pkg-config's and the flags' words are separate arguments
  if ${SKILL_CC:-cc} ${SKILL_CFLAGS:-} -o embed "$abs_top_srcdir/examples/embed.c" \
       $(pc --cflags --libs) ${SKILL_LDFLAGS:-} 2>cc.log; then
    out=$(LD_LIBRARY_PATH="$dest$SKILL_LIBDIR" SKILL_STDLIB="$std" ./embed use.skill nosuch 2>&1)
    case $out in
      *"binds no run named 'nosuch'"*) echo "ok: examples/embed.c builds and runs against the installed library" ;;
      *) fail "the installed embed: $out" ;;
    esac
  else
    fail "examples/embed.c does not build against the installed library: $(cat cc.log)"
  fi
else
  echo "skip: no pkg-config, the installed library was not linked against"
fi

if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$abs_top_builddir" uninstall \
     DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1; then
  echo "FAIL: make uninstall"; cat "$tmp/uninstall.log"; exit 1
fi
left=$(find "$dest" -type f)
test -z "$left" || fail "make uninstall left: $left"

test "$fails" -eq 0 || { echo "$fails failed"; exit 1; }
echo "ok: install and uninstall"
