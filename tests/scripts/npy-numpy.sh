#!/bin/sh
# npy-numpy.sh - .npy files that numpy writes (float64, float32, int64,
# int32; C and Fortran order; 1-D and 2-D; format 1.0 and 2.0) load with
# the values numpy reads: printed with 17 significant digits, every one
# equal.  Skipped (77) where python3 cannot import numpy.
#
# Environment: SKILL (set by `make check`).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).
. "$(dirname "$0")/need-skill.sh"
. "$(dirname "$0")/need-numpy.sh"
. "$(dirname "$0")/scratch.sh"

"$py" - <<'PY' > theirs || { echo "FAIL: numpy could not write the files"; exit 99; }
import numpy as np
rng = np.random.default_rng(7)
a = rng.standard_normal((5, 7)) * 10.0 ** rng.integers(-300, 300, (5, 7))
cases = {
    "f8_c": a, "f8_f": np.asfortranarray(a), "f4_c": (rng.standard_normal((5, 3)) * 1e30).astype("<f4"),
    "f4_f": np.asfortranarray(rng.standard_normal((4, 3)).astype("<f4")),
    "i8": rng.integers(-2**53, 2**53, (3, 4)), "i4_1d": rng.integers(-2**31, 2**31 - 1, 9).astype("<i4"),
    "f8_1d": rng.standard_normal(6), "f8_v2": a[:2],
}
for name, x in cases.items():
    if name.endswith("v2"):
        with open(name + ".npy", "wb") as f:
            np.lib.format.write_array(f, x, version=(2, 0))
    else:
        np.save(name + ".npy", x)
    rows = np.atleast_2d(np.asarray(x, dtype=np.float64))
    print(name, " ".join("%.17g" % v for v in rows.ravel()))
PY
cut -d' ' -f1 theirs > names
{
  echo 'skill A freq 1'
  while read -r n; do echo "print \"$n\", load(\"$n.npy\")"; done < names
} > read.skill
"$SKILL" run read.skill > out || { echo "FAIL: skill run read.skill"; cat out; exit 1; }
# "name [a, b; c, d]" -> "name a b c d", each number with 17 digits
"$py" - out > ours <<'PY'
import sys
for line in open(sys.argv[1]):
    name, rest = line.split(" ", 1)
    nums = rest.strip().strip("[]").replace(";", ",").split(",")
    print(name, " ".join("%.17g" % float(v) for v in nums))
PY
if ! cmp -s ours theirs; then
  echo "FAIL: the values read differ from numpy's (< skill, > numpy):"
  diff ours theirs | head -20
  exit 1
fi
echo "$(wc -l < names) .npy files read as numpy reads them"
