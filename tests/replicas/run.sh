#!/bin/sh
# Re-runs every replica (results/*.txt: the per-seed numbers;
# results/*.summary: what each script printed), then derives bounds.txt from
# them.  Sequential, nice, one thread: about 35 minutes of CPU (Fig. 2 and Fig. 13 a third
# each), an hour or more of wall time when the machine is shared (see
# docs/network-validation.md).  Not part of `make check`.
set -e
cd "$(dirname "$0")"
. ./env.sh
for script in fig02_bottom fig02_trace fig16 fig19 fig13 fig11; do
	echo "== $script $(date)" >&2
	$PY "$script.py" > "results/$script.summary"
done
$PY derive_bounds.py
