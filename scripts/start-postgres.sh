#!/usr/bin/env bash
# Starts a private PostgreSQL server for the job-store tests (Sluice.Jobs.Tests) and prints its Npgsql connection
# string as the last line. Idempotent: a second call finds the running server. Follows docs in cluster.md §5:
# initdb once (as the postgres user when run as root), then pg_ctl start on 127.0.0.1:$PORT.
#   SLUICE_PG_DIR   server folder (default /tmp/sluice-pg)     SLUICE_PG_PORT  port (default 5433)
# Stop with: scripts/start-postgres.sh stop
set -euo pipefail
dir="${SLUICE_PG_DIR:-/tmp/sluice-pg}"
port="${SLUICE_PG_PORT:-5433}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL is not installed (apt-get install -y postgresql; scripts/install-test-deps.sh does it)" >&2
  exit 2
fi

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-}" = "stop" ]; then
  [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
if [ ! -f "$dir/pw" ]; then
  as_pg bash -c "umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > '$dir/pw'"
fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" --auth-local=peer --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
fi
if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -w start >/dev/null \
    || { tail -n 20 "$dir/pg.log" >&2; exit 1; }
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$(cat "$dir/pw");Database=postgres"
