#!/usr/bin/env bash
# Loopback load measurement for `liquidus serve`: sustained single-tick mark updates
# (POST /v1/marks, each one durable before it is acknowledged) from wrk, reporting requests/s
# and latency percentiles. Bounded in time; stops the servers it started (by their pids).
#
#   scripts/load-test.sh [BINARY] [SECONDS] [CONNECTIONS]     # CONNECTIONS may be a list: "32 1"
#   LOAD_ACCOUNTS=100000 scripts/load-test.sh ...   # populate the engine first (scripts/populate.py)
#
# LOAD_IDEMPOTENT=1 sends each request with an Idempotency-Key of its own (a lookup per request).
# LOAD_METRICS=REGEX chooses the /metrics lines printed at the end (default: group commit, append
# and snapshot sums and counts; '^liquidus_(store_append|tick_latency)_seconds' for histograms).
# LOAD_SNAPSHOT_INTERVAL sets the server's --snapshot-interval (default: the server's, 10,000);
# LOAD_COMMITS_IN_FLIGHT its --commits-in-flight (PostgreSQL; default: the server's, 1).
# LOAD_POSTGRES=URL stores the log in PostgreSQL (a schema of its own, dropped at the end, with
# psql) instead of SQLite; LOAD_STANDBYS=N (with LOAD_POSTGRES) makes the server the leader of a
# cluster and starts N hot standbys beside it (ports PORT+1…), which follow the log under the load;
# their lag is printed at the end.
set -euo pipefail
BINARY="${1:-.build/release/liquidus}"
SECONDS_RUN="${2:-20}"
CONNECTIONS="${3:-32}"
PORT="${LOAD_PORT:-18281}"
STANDBYS="${LOAD_STANDBYS:-0}"
command -v wrk >/dev/null || { echo "load-test.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/liquidus-load-XXXXXX)"
echo "load-test-write-token-0001" > "$WORK/w.token"
SCHEMA="load_$$"
STORE=(--db "$WORK/db.sqlite")
if [ -n "${LOAD_POSTGRES:-}" ]; then
  STORE=(--postgres "$LOAD_POSTGRES" --postgres-schema "$SCHEMA")
elif [ "$STANDBYS" -gt 0 ]; then
  echo "load-test.sh: LOAD_STANDBYS needs LOAD_POSTGRES" >&2; exit 1
fi
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${LOAD_POSTGRES:-}" ]; then psql "$LOAD_POSTGRES" -qAtX -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
# serve INDEX: member INDEX on PORT+INDEX (a cluster member when there are standbys).
serve() {
  local port=$((PORT + $1)) cluster=()
  [ "$STANDBYS" -gt 0 ] && cluster=(--cluster load --advertise "http://127.0.0.1:$port")
  "$BINARY" serve "${STORE[@]}" "${cluster[@]}" --port "$port" --token-file "$WORK/w.token" --log-level warning \
    ${LOAD_SNAPSHOT_INTERVAL:+--snapshot-interval "$LOAD_SNAPSHOT_INTERVAL"} \
    ${LOAD_COMMITS_IN_FLIGHT:+--commits-in-flight "$LOAD_COMMITS_IN_FLIGHT"} >> "$WORK/server-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 400); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.05; done
  echo "load-test.sh: member $1 did not start" >&2; exit 1
}
AUTH="Authorization: Bearer load-test-write-token-0001"
serve 0
if [ "$STANDBYS" -gt 0 ]; then
  for _ in $(seq 1 200); do curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/v1/cluster" | grep -q '"role":"leader"' && break; sleep 0.05; done
  for i in $(seq 1 "$STANDBYS"); do serve "$i"; done
fi
curl -sf -H "$AUTH" -H "Content-Type: application/json" -X POST "http://127.0.0.1:$PORT/v1/marks" -d '{"markPrices": {"BTCUSDT": "30000", "ETHUSDT": "2000"}}' >/dev/null
if [ "${LOAD_ACCOUNTS:-0}" -gt 0 ]; then
  echo "POPULATE $(python3 "$(dirname "$0")/populate.py" --port "$PORT" --token load-test-write-token-0001 --accounts "$LOAD_ACCOUNTS")"
fi
cat > "$WORK/marks.lua" <<'LUA'
local n = 0
local threads = 0
local idempotent = os.getenv("LOAD_IDEMPOTENT") == "1"
local run = os.getenv("LOAD_RUN") or "0"
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
request = function()
  n = n + 1
  local price = 29000 + (n % 2000)
  local body = '{"markPrices": {"BTCUSDT": "' .. price .. '"}}'
  local headers = {["Authorization"] = "Bearer load-test-write-token-0001", ["Content-Type"] = "application/json"}
  if idempotent then headers["Idempotency-Key"] = "load-" .. run .. "-" .. tostring(id) .. "-" .. n end
  return wrk.format("POST", "/v1/marks", headers, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
for C in $CONNECTIONS; do
  THREADS=$(( C < 2 ? 1 : 2 ))
  echo "CONNECTIONS $C $(LOAD_RUN="$C" wrk -t "$THREADS" -c "$C" -d "${SECONDS_RUN}s" --latency -s "$WORK/marks.lua" "http://127.0.0.1:$PORT" | grep RESULT)"
done
curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/v1/state"; echo
curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/metrics" | grep -E "${LOAD_METRICS:-^liquidus_(group_commit_requests|store_append_seconds|snapshot_seconds)_(sum|count)}"
for i in $(seq 1 "$STANDBYS"); do
  echo "STANDBY $i $(curl -sf -H "$AUTH" "http://127.0.0.1:$((PORT + i))/v1/cluster" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("role=%s appliedSequence=%s" % (d["role"], d["appliedSequence"]))') $(curl -sf -H "$AUTH" "http://127.0.0.1:$((PORT + i))/metrics" | grep -E '^liquidus_snapshot_seconds_(sum|count)' | tr '\n' ' ')"
done
