#!/bin/sh
# python.sh - the Python package (python/skill) under `python3 -m unittest`,
# used from the build tree as the README says: PYTHONPATH=python, the
# package finding src/.libs/libskill.so.0 beside itself (a build outside
# the source tree also sets SKILL_LIBRARY).  Needs numpy (Debian's
# python3-numpy); the tests that need pandas or torch skip themselves.
. "${srcdir:-.}/tests/scripts/need-skill.sh"
. "$srcdir/tests/scripts/need-numpy.sh"

src=$(cd "$srcdir" && pwd)
lib=$abs_top_builddir/src/.libs/libskill.so.0
test -f "$lib" || { echo "python.sh: $lib is not built"; exit 99; }
if test "$src" != "$(cd "$abs_top_builddir" && pwd)"; then
  SKILL_LIBRARY=$lib; export SKILL_LIBRARY
fi
. "$srcdir/tests/scripts/scratch.sh"
PYTHONPATH=$src/python SKILL_EXE=$SKILL SKILL_EXAMPLES=$src/examples \
  PYTHONDONTWRITEBYTECODE=1 "$py" -m unittest discover -v -s "$src/python/tests" 2>&1
status=$?
test "$status" -eq 0 || exit "$status"

# As `make install` leaves it: the package beside an _installed.py naming
# the library's folder, found with no variable set.
mkdir -p site/skill && cp "$src"/python/skill/*.py site/skill/ &&
  echo "LIBDIR = \"$abs_top_builddir/src/.libs\"" > site/skill/_installed.py || exit 99
got=$(cd site && env -u SKILL_LIBRARY PYTHONDONTWRITEBYTECODE=1 "$py" -c '
import skill, skill._lib as L
print(L.lib._name, skill.load("skill a freq 1\ndomino D { eta = 0.5 }\n").run_model("D", 4, 1).levels[:, 0].tolist())')
want="$abs_top_builddir/src/.libs/libskill.so.0 [0.0, 0.5, 1.0, 1.0, 1.0]"
test "$got" = "$want" || { echo "FAIL: installed layout: got '$got', want '$want'"; exit 1; }
echo "ok: the installed layout finds $abs_top_builddir/src/.libs/libskill.so.0"
