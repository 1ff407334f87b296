#!/usr/bin/env bash
# Schemathesis over the service's own API document: starts `liquidus serve` on a new SQLite
# store (loopback), runs every phase (examples, coverage, fuzzing, stateful) with positive and
# negative data and every check, then stops the server (by its pid). Exit status 0 when
# schemathesis reports no failure.
#
#   scripts/schemathesis.sh [BINARY] [MAX_EXAMPLES]     # pip install schemathesis
#
# The write token is sent with every request (it also reads). scripts/schemathesis.toml lists,
# per operation, the documented refusals of schema-valid requests (rules no schema states).
# Figures: the summary at the end (test cases generated, failures).
set -euo pipefail
BINARY="${1:-.build/debug/liquidus}"
EXAMPLES="${2:-100}"
PORT="${SCHEMATHESIS_PORT:-18382}"
command -v schemathesis >/dev/null || { echo "schemathesis.sh: needs schemathesis (pip install schemathesis)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/liquidus-schemathesis-XXXXXX)"
echo "schemathesis-write-token-0001" > "$WORK/w.token"
"$BINARY" serve --db "$WORK/db.sqlite" --port "$PORT" --token-file "$WORK/w.token" --log-level error > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.05; done
AUTH="Authorization: Bearer schemathesis-write-token-0001"
# Marks for the preset's markets, so that accounts with positions can be imported.
curl -sf -H "$AUTH" -H "Content-Type: application/json" -X POST "http://127.0.0.1:$PORT/v1/marks" \
  -d '{"markPrices": {"BTCUSDT": "30000", "ETHUSDT": "2000"}}' >/dev/null
CONFIG="$(cd "$(dirname "$0")" && pwd)/schemathesis.toml"
cd "$WORK"
schemathesis --config-file "$CONFIG" run "http://127.0.0.1:$PORT/openapi.json" \
  --header "$AUTH" \
  --phases examples,coverage,fuzzing,stateful \
  --mode all \
  --checks all \
  --max-examples "$EXAMPLES" \
  --seed "${SCHEMATHESIS_SEED:-20261205}" \
  --no-color \
  --request-timeout 20 \
  "${@:3}"
