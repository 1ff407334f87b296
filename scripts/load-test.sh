#!/usr/bin/env bash
# Loopback load measurement for `liquidus serve`: sustained single-tick mark updates
# (POST /v1/marks, each one durable before it is acknowledged) from wrk, reporting requests/s
# and latency percentiles. Bounded in time; stops the server it started (by its pid).
#
#   scripts/load-test.sh [BINARY] [SECONDS] [CONNECTIONS]     # CONNECTIONS may be a list: "32 1"
#   LOAD_ACCOUNTS=100000 scripts/load-test.sh ...   # populate the engine first (scripts/populate.py)
#
# LOAD_SNAPSHOT_INTERVAL sets the server's --snapshot-interval (default: the server's, 10,000).
set -euo pipefail
BINARY="${1:-.build/release/liquidus}"
SECONDS_RUN="${2:-20}"
CONNECTIONS="${3:-32}"
PORT="${LOAD_PORT:-18281}"
command -v wrk >/dev/null || { echo "load-test.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/liquidus-load-XXXXXX)"
echo "load-test-write-token-0001" > "$WORK/w.token"
"$BINARY" serve --db "$WORK/db.sqlite" --port "$PORT" --token-file "$WORK/w.token" --log-level warning \
  ${LOAD_SNAPSHOT_INTERVAL:+--snapshot-interval "$LOAD_SNAPSHOT_INTERVAL"} > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.05; done
AUTH="Authorization: Bearer load-test-write-token-0001"
curl -sf -H "$AUTH" -H "Content-Type: application/json" -X POST "http://127.0.0.1:$PORT/v1/marks" -d '{"markPrices": {"BTCUSDT": "30000", "ETHUSDT": "2000"}}' >/dev/null
if [ "${LOAD_ACCOUNTS:-0}" -gt 0 ]; then
  echo "POPULATE $(python3 "$(dirname "$0")/populate.py" --port "$PORT" --token load-test-write-token-0001 --accounts "$LOAD_ACCOUNTS")"
fi
cat > "$WORK/marks.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  local price = 29000 + (n % 2000)
  local body = '{"markPrices": {"BTCUSDT": "' .. price .. '"}}'
  return wrk.format("POST", "/v1/marks", {["Authorization"] = "Bearer load-test-write-token-0001", ["Content-Type"] = "application/json"}, body)
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
  echo "CONNECTIONS $C $(wrk -t "$THREADS" -c "$C" -d "${SECONDS_RUN}s" --latency -s "$WORK/marks.lua" "http://127.0.0.1:$PORT" | grep RESULT)"
done
curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/v1/state"; echo
curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/metrics" | grep -E "^liquidus_(group_commit_requests|store_append_seconds|snapshot_seconds)_(sum|count)"
