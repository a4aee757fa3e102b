#!/usr/bin/env bash
# Cold start of `sluice serve`: launch → first /readyz 200, over several runs, with the server's own phase report.
#
#   scripts/serving/cold-start.sh <sluice executable> <model base path> [--runs 5] [--port 8598]
#
# The probe is bash's /dev/tcp (no curl process per poll, which on a loaded machine costs more than the poll interval).
# Prints one line per run (wall ms, server CPU ms up to that moment, the server's "ready N ms after process start")
# and the median wall time; the last run's phase report (`--startup-report`) follows.
set -euo pipefail
sluice="$1"; base="$2"; shift 2
runs=5; port=8598
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2;;
    --port) port="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
work="$(mktemp -d /tmp/sluice-cold-start.XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
hz=$(getconf CLK_TCK)

ready() { # one probe; true on HTTP 200
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
  read -r line <&3 || true
  exec 3<&-
  [[ "$line" == *" 200 "* ]]
}

walls=()
for ((run = 1; run <= runs; run++)); do
  rm -rf "$work/data"
  start=$(date +%s%N)
  "$sluice" serve --model-name census --model-base-path "$base" --port "$port" --data-dir "$work/data" --no-auth \
    --startup-report > "$work/server.log" 2>&1 &
  pid=$!
  deadline=$(( start + 60000000000 ))
  until ready 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
    [ "$(date +%s%N)" -lt "$deadline" ] || { echo "not ready after 60 s" >&2; exit 1; }
    sleep 0.002
  done
  wall=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu=$(awk -v hz="$hz" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
  sleep 0.2 # let the server print its report
  echo "run $run: ${wall} ms to /readyz 200 (wall), ${cpu} ms server CPU; server: $(grep -o 'ready [0-9]* ms after process start' "$work/server.log" || echo '-')"
  walls+=("$wall")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
echo "median: ${median} ms over $runs runs; load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "phases of the last run (ms since process start):"
grep 'start-up:' "$work/server.log" || true
