# scratch.sh - sourced by the script tests: makes a scratch folder $tmp,
# removes it on exit (a signal exits 99, automake's hard error) and
# changes into it.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/$(basename "$0" .sh).XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
cd "$tmp" || exit 99
