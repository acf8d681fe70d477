#!/bin/sh
# Re-derives every replica's per-seed numbers (results/*.txt); bounds.txt is
# then written by hand from them (docs/network-validation.md says how).
# Sequential, nice, one thread; about 75 minutes on this 2-core machine
# under load, 35 on an idle core.  Not part of `make check`.
set -e
cd "$(dirname "$0")"
. ./env.sh
for script in fig02_bottom fig02_trace fig16 fig19 fig13 fig11; do
	echo "== $script" >&2
	$PY "$script.py" > "results/$script.log"
done
