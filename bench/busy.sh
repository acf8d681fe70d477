# busy.sh - sourced by the benchmarks that time runs beside a competing
# CPU-bound process: a scratch folder in $tmp, start_busy SECONDS starts the
# competitor (it stops by itself after SECONDS should the script be killed),
# stop_busy ends it; both are cleaned up on exit.
tmp=$(mktemp -d)
busy=
start_busy() { timeout "$1" sh -c 'while :; do :; done' & busy=$!; }
stop_busy() { if test -n "$busy"; then kill "$busy" 2>/dev/null || :; wait "$busy" 2>/dev/null || :; busy=; fi; }
trap 'stop_busy; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
