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
