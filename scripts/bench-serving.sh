#!/usr/bin/env bash
# Load test of `sluice serve` and of the FastAPI + PyTorch peer, in the same run, with wrk (Debian package) against
# 127.0.0.1: 1 and 32 census instances per request at 1, 8 and 64 connections, the same request bodies for both.
# Prints markdown tables for docs/benchmarks.md ("Serving"): each server's rows, then Sluice ÷ peer; then the cold
# start of `sluice serve` to /readyz.
#
#   scripts/bench-serving.sh [--seconds 10] [--threads 2] [--export <export bundle dir> | --linear]
#                            [--peer-dir /work/shared/peers | --no-peer] [--cold-runs 5]
#
# Sluice is published ReadyToRun (`dotnet publish`, as docs/serving.md recommends); SLUICE_BIN=<sluice> skips that.
# The model: a census wide & deep export trained for 1 epoch here (a few seconds) unless --export gives one;
# --linear serves a census-shaped linear bundle instead. The peer serves the peers' PyTorch wide & deep model
# (scripts/serving/peer-fastapi.sh). wrk runs on the same 2 cores as the server: the numbers include that contention.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=10; threads=2; export_dir=""; linear=0; port=8599; peer_port=8597; cold_runs=5
peer_dir="${PEER_DIR:-/work/shared/peers}"; with_peer=1
while [ $# -gt 0 ]; do
  case "$1" in
    --export) export_dir="$2"; shift 2;;
    --linear) linear=1; shift;;
    --seconds) seconds="$2"; shift 2;;
    --threads) threads="$2"; shift 2;;
    --port) port="$2"; shift 2;;
    --peer-dir) peer_dir="$2"; shift 2;;
    --no-peer) with_peer=0; shift;;
    --cold-runs) cold_runs="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work="$(mktemp -d /tmp/sluice-bench-serving.XXXXXX)"
server_pid=""; peer_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$peer_pid" ] && kill -INT "$peer_pid" 2>/dev/null && sleep 1 && kill "$peer_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${SLUICE_BIN:-}" ]; then
  sluice="$SLUICE_BIN"
else
  echo "publishing sluice (Release, ReadyToRun)..." >&2
  dotnet publish src/Sluice.Cli -c Release --artifacts-path artifacts/bench-serving -o "$work/sluice" -v quiet --nologo >/dev/null
  sluice="$work/sluice/sluice"
fi

# The closed-loop latency client (`http-latency` suite): wrk's own latency percentiles break Little's law against a
# server this fast (mean latency × requests far above the run's duration at one connection), so p50/p99 are
# cross-checked with a client that times every request on the monotonic clock.
echo "building the benchmark program (http-latency client)..." >&2
dotnet build bench/Sluice.Benchmarks -c Release --artifacts-path artifacts/bench-serving -v quiet --nologo >/dev/null
bench_dll="artifacts/bench-serving/bin/Sluice.Benchmarks/release/Sluice.Benchmarks.dll"

base="$work/models/census"
mkdir -p "$base"
if [ "$linear" = 1 ]; then
  bash scripts/serving/write-linear-census.sh "$base/1"
  model_note="census-shaped linear bundle (scripts/serving/write-linear-census.sh)"
else
  if [ -z "$export_dir" ]; then
    echo "training the census wide & deep model for 1 epoch..." >&2
    "$sluice" train --config samples/census/wide_deep.yaml --epochs 1 --model-dir "$work/census-model" --format json > "$work/train.json"
    export_dir="$(find "$work/census-model/export" -name manifest.json -printf '%h\n' | sort | tail -1)"
  fi
  cp -r "$export_dir" "$base/1"
  model_note="census wide & deep estimator export ($(basename "$export_dir"))"
fi

"$sluice" keys create --name bench --data-dir "$work/data" > "$work/key" 2>/dev/null
export SLUICE_API_KEY="$(cat "$work/key")"

wait_http() { # wait_http <url> <pid>
  until curl -sf "$1" >/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo "server $2 exited before $1 answered" >&2; return 1; }
    sleep 0.05
  done
}
start_server() { # start_server <label> [serve options...]
  local label="$1"; shift
  "$sluice" serve --model-name census --model-base-path "$base" --port "$port" --data-dir "$work/data" "$@" > "$work/server-$label.log" 2>&1 &
  server_pid=$!
  wait_http "http://127.0.0.1:$port/readyz" "$server_pid"
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

instance='{"age": 42, "workclass": "Self-emp-inc", "education": "HS-grad", "education_num": 9, "marital_status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Husband", "race": "White", "gender": "Male", "capital_gain": 5178, "capital_loss": 0, "hours_per_week": 50, "native_country": "United-States"}'
make_body() { local n=$1; local rows="$instance"; for ((i=1; i<n; i++)); do rows="$rows, $instance"; done; echo "{\"instances\": [$rows]}" > "$work/body-$n.json"; }
make_body 1; make_body 32

sluice_url="http://127.0.0.1:$port/v1/models/census:predict"
peer_url="http://127.0.0.1:$peer_port/predict"
header() {
  echo
  echo "| server | instances/req | conns | req/s | instances/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors | server CPU µs/req |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
}
# measure <label> <url> <pid> <instances per request> <connections>: one table row; raw numbers go to results.tsv
measure() {
  local label=$1 url=$2 pid=$3 n=$4 c=$5 t=$threads
  [ "$c" -lt "$t" ] && t=$c
  local out line req dur errors cpu0 cpu1
  # server CPU time (user + system clock ticks) around the run: a contention-independent cost per request
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out="$(BODY_FILE="$work/body-$n.json" wrk -t"$t" -c"$c" -d"${seconds}s" --timeout 10s --latency -s scripts/serving/post.lua "$url")"
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  line="$(echo "$out" | grep '^RESULT')"
  get() { echo "$line" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
  req=$(get requests); dur=$(get duration_us)
  errors=$(( $(get errors_connect) + $(get errors_read) + $(get errors_write) + $(get errors_timeout) ))
  awk -v l="$label" -v n="$n" -v c="$c" -v req="$req" -v dur="$dur" -v p50="$(get p50_us)" -v p90="$(get p90_us)" -v p99="$(get p99_us)" \
      -v mx="$(get max_us)" -v non2xx="$(get non2xx)" -v errs="$errors" -v ticks=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" \
      -v tsv="$work/results.tsv" \
    'BEGIN { rps = req / (dur / 1e6); cpu = req > 0 ? ticks * 1e6 / hz / req : 0
             printf "| %s | %d | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.1f | %d | %d | %.1f |\n", l, n, c, rps, rps * n, p50/1000, p90/1000, p99/1000, mx/1000, non2xx, errs, cpu
             printf "%s\t%d\t%d\t%.1f\t%.3f\t%.3f\t%.1f\t%d\n", l, n, c, rps, p50/1000, p99/1000, cpu, non2xx + errs >> tsv }'
}
warm() { BODY_FILE="$work/body-$2.json" wrk -t1 -c4 -d3s -s scripts/serving/post.lua "$1" > /dev/null; }

echo "model: $model_note; wrk -t$threads, ${seconds} s per row; $(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"

# Estimator exports list every census field in their signature (unused ones optional): no flag needed.
serve_extra=()
start_server batching "${serve_extra[@]}"
curl -sf -H "Authorization: Bearer $SLUICE_API_KEY" -d @"$work/body-1.json" "$sluice_url" > /dev/null || { echo "smoke request to sluice failed" >&2; exit 1; }
if [ "$with_peer" = 1 ]; then
  peer_pid="$(bash scripts/serving/peer-fastapi.sh "$peer_dir" "$work" "$peer_port")"
  wait_http "http://127.0.0.1:$peer_port/healthz" "$peer_pid"
  curl -sf -H 'Content-Type: application/json' -d @"$work/body-1.json" "$peer_url" > /dev/null || { echo "smoke request to the peer failed" >&2; cat "$work/peer.log" >&2; exit 1; }
fi

header
for n in 1 32; do
  warm "$sluice_url" "$n"; [ "$with_peer" = 1 ] && warm "$peer_url" "$n"
  for c in 1 8 64; do
    measure "sluice (batching on)" "$sluice_url" "$server_pid" "$n" "$c"
    [ "$with_peer" = 1 ] && measure "FastAPI + PyTorch peer" "$peer_url" "$peer_pid" "$n" "$c"
  done
done
echo
echo "Latency cross-check, 1 instance per request (http-latency: closed loop, every request timed; busy_connections ≈ conns when the timings are sound):"
echo
for c in 1 8 64; do
  echo "sluice (batching on): $(dotnet "$bench_dll" http-latency --url "$sluice_url" --body "$work/body-1.json" --connections "$c" --seconds "$seconds")"
  [ "$with_peer" = 1 ] && echo "FastAPI + PyTorch peer: $(SLUICE_API_KEY= dotnet "$bench_dll" http-latency --url "$peer_url" --body "$work/body-1.json" --connections "$c" --seconds "$seconds")"
done
batches="$(curl -s "http://127.0.0.1:$port/metrics" | grep -E '^sluice_batch_size_(sum|count)' | awk '{print $2}' | paste -sd' ')"
stop_server
if [ "$with_peer" = 1 ]; then kill -INT "$peer_pid"; sleep 1; kill "$peer_pid" 2>/dev/null || true; peer_pid=""; fi

# The same server with batching off (one request per execution) for the two single-instance extremes.
start_server no-batching --max-batch-size 1 "${serve_extra[@]}"
warm "$sluice_url" 1
for c in 1 64; do measure "sluice (batching off)" "$sluice_url" "$server_pid" 1 "$c"; done
stop_server

if [ "$with_peer" = 1 ]; then
  echo
  echo "Sluice (batching on) ÷ peer, same run:"
  echo
  echo "| instances/req | conns | req/s ratio | instances/s sluice | instances/s peer | p50 ms sluice / peer | p99 ms sluice / peer | CPU µs/req sluice / peer |"
  echo "|---|---|---|---|---|---|---|---|"
  awk -F'\t' '$1 == "sluice (batching on)" { s[$2 "," $3] = $0 } $1 == "FastAPI + PyTorch peer" { p[$2 "," $3] = $0 }
    END { for (n = 1; n <= 32; n += 31) for (ci = 0; ci < 3; ci++) { c = (ci == 0 ? 1 : ci == 1 ? 8 : 64); k = n "," c
            if (!(k in s) || !(k in p)) continue; split(s[k], a, "\t"); split(p[k], b, "\t")
            printf "| %d | %d | **%.1f×** | %.0f | %.0f | %.2f / %.2f | %.2f / %.2f | %.1f / %.1f |\n", n, c, (b[4] > 0 ? a[4] / b[4] : 0), a[4] * n, b[4] * n, a[5], b[5], a[6], b[6], a[7], b[7] } }' \
    "$work/results.tsv"
fi
echo
echo "batching on: rows per execution (sum count) = $batches"
echo "errors (non-2xx + socket) in all rows: $(awk -F'\t' '{e += $8} END {print e + 0}' "$work/results.tsv")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wrk runs on the same cores)"

if [ "$cold_runs" -gt 0 ]; then
  echo
  echo "Cold start of \`sluice serve\` (launch → /readyz 200):"
  bash scripts/serving/cold-start.sh "$sluice" "$base" --runs "$cold_runs" --port "$port"
fi
