#!/usr/bin/env bash
# Load test of `sluice serve` with wrk (Debian package) against 127.0.0.1, the way the peers measured FastAPI:
# 1 and 32 instances per request at 1, 8 and 64 connections. Prints a markdown table for docs/benchmarks.md.
#
#   scripts/bench-serving.sh [--export <export bundle dir>] [--seconds 15] [--threads 2]
#
# Without --export it serves a census-shaped linear bundle it writes itself (13 raw features, binary head).
# wrk runs on the same 2 cores as the server (and whatever else is running): the numbers include that contention.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=15; threads=2; export_dir=""; port=8599
while [ $# -gt 0 ]; do
  case "$1" in
    --export) export_dir="$2"; shift 2;;
    --seconds) seconds="$2"; shift 2;;
    --threads) threads="$2"; shift 2;;
    --port) port="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work="$(mktemp -d /tmp/sluice-bench-serving.XXXXXX)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# SLUICE_BIN: an already built sluice executable (skips the build).
if [ -n "${SLUICE_BIN:-}" ]; then
  sluice="$SLUICE_BIN"
else
  dotnet build src/Sluice.Cli -c Release --artifacts-path artifacts/bench-serving -v quiet --nologo >/dev/null
  sluice="artifacts/bench-serving/bin/Sluice.Cli/release/sluice"
fi

base="$work/models/census"
if [ -n "$export_dir" ]; then
  mkdir -p "$base"; cp -r "$export_dir" "$base/1"
else
  mkdir -p "$base/1"
  bash scripts/serving/write-linear-census.sh "$base/1"
fi

"$sluice" keys create --name bench --data-dir "$work/data" > "$work/key" 2>/dev/null
export SLUICE_API_KEY="$(cat "$work/key")"

# start_server <label> [serve options...]: starts the server and reports the cold start to /readyz.
start_server() {
  local label="$1"; shift
  local start_ns; start_ns=$(date +%s%N)
  "$sluice" serve --model-name census --model-base-path "$base" --port "$port" --data-dir "$work/data" "$@" > "$work/server-$label.log" 2>&1 &
  server_pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.01; done
  echo "[$label] cold start to /readyz: $(( ($(date +%s%N) - start_ns) / 1000000 )) ms (wall clock from launching the process); server says: $(grep -o 'ready [0-9]* ms after process start' "$work/server-$label.log")"
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

instance='{"age": 42, "workclass": "Self-emp-inc", "education": "HS-grad", "education_num": 9, "marital_status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Husband", "race": "White", "gender": "Male", "capital_gain": 5178, "capital_loss": 0, "hours_per_week": 50, "native_country": "United-States"}'
make_body() { local n=$1; local rows="$instance"; for ((i=1; i<n; i++)); do rows="$rows, $instance"; done; echo "{\"instances\": [$rows]}" > "$work/body-$n.json"; }

url="http://127.0.0.1:$port/v1/models/census:predict"
header() {
  echo
  echo "| batching | instances/req | conns | req/s | instances/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors | server CPU µs/req |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
}
# measure <label> <instances per request> <connections>
measure() {
  local label=$1 n=$2 c=$3 t=$threads
  [ "$c" -lt "$t" ] && t=$c
  local out line req dur errors cpu0 cpu1
  # server CPU time (user + system clock ticks) around the run: a contention-independent cost per request
  cpu0=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  out="$(BODY_FILE="$work/body-$n.json" wrk -t"$t" -c"$c" -d"${seconds}s" --latency -s scripts/serving/post.lua "$url")"
  cpu1=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  line="$(echo "$out" | grep '^RESULT')"
  get() { echo "$line" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
  req=$(get requests); dur=$(get duration_us)
  errors=$(( $(get errors_connect) + $(get errors_read) + $(get errors_write) + $(get errors_timeout) ))
  awk -v l="$label" -v n="$n" -v c="$c" -v req="$req" -v dur="$dur" -v p50="$(get p50_us)" -v p90="$(get p90_us)" -v p99="$(get p99_us)" \
      -v mx="$(get max_us)" -v non2xx="$(get non2xx)" -v errs="$errors" -v ticks=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { rps = req / (dur / 1e6); printf "| %s | %d | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.1f | %d | %d | %.1f |\n", l, n, c, rps, rps * n, p50/1000, p90/1000, p99/1000, mx/1000, non2xx, errs, ticks * 1e6 / hz / req }'
}

# An estimator export reads only the features its columns use; the census instance carries all 13.
serve_extra=(); [ -n "$export_dir" ] && serve_extra=(--ignore-unknown-features)
start_server batching "${serve_extra[@]}"
make_body 1; make_body 32
curl -sf -H "Authorization: Bearer $SLUICE_API_KEY" -d @"$work/body-1.json" "$url" > /dev/null || { echo "smoke request failed" >&2; exit 1; }
BODY_FILE="$work/body-32.json" wrk -t1 -c4 -d3s -s scripts/serving/post.lua "$url" > /dev/null # JIT warm-up

header
for n in 1 32; do for c in 1 8 64; do measure "on (default)" "$n" "$c"; done; done
batches="$(curl -s "http://127.0.0.1:$port/metrics" | grep -E '^sluice_batch_size_(sum|count)' | awk '{print $2}' | paste -sd' ')"
stop_server

# The same server with batching off (one request per execution) for the two single-instance extremes.
start_server no-batching --max-batch-size 1 "${serve_extra[@]}"
BODY_FILE="$work/body-32.json" wrk -t1 -c4 -d3s -s scripts/serving/post.lua "$url" > /dev/null
header
for c in 1 64; do measure "off (--max-batch-size 1)" 1 "$c"; done
stop_server
echo
echo "batching on: rows per execution (sum count) = $batches"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wrk runs on the same cores)"
