#!/bin/sh
# Batched against separate execution of sweep points that share task vectors
# (issue 5): see batched_rows.c.  Usage: bench/batched_rows.sh [steps]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -O2 -std=c11 -D_DEFAULT_SOURCE -I"$here/../src/models" -I"$here/../src/base" "$here/batched_rows.c" "$here/../src/models/kernels.c" \
  -o "$tmp/batched_rows" -lm
"$tmp/batched_rows" "${1:-300}"
