# need-numpy.sh - sourced by the tests that compare with numpy: sets $py to
# a python3 that imports numpy (Debian's python3-numpy is installed for
# /usr/bin/python3), or skips the test (exit 77).
py=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import numpy' 2>/dev/null; then py=$p; break; fi
done
test -n "$py" || { echo "SKIP: numpy is not importable"; exit 77; }
