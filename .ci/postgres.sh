#!/usr/bin/env bash
# Starts a local PostgreSQL for the store tests and prints the URL to use.
#
#   eval "$(bash .ci/postgres.sh)"     # exports LIQUIDUS_TEST_POSTGRES_URL
#   bash .ci/postgres.sh stop          # stops it at once (pg_ctl stop -m immediate: a crash)
#   bash .ci/postgres.sh start         # starts it again (prints the export line)
#
# Idempotent: installs Debian's postgresql only when missing, creates a cluster under
# $LIQUIDUS_PG_DIR (default /tmp/liquidus-pg) owned by the postgres user, listening on 127.0.0.1
# at $LIQUIDUS_PG_PORT (default 55432), with database liquidus owned by the role liquidus
# (password liquidus). Connections over TCP authenticate with a password (scram-sha-256); only
# the postgres user on the local socket is trusted by its operating-system name (peer), for
# administration. A running cluster is reused (its authentication rules are rewritten). Quiet on
# success (only the export line on stdout); on failure a clear message on stderr and exit status 1.
set -euo pipefail

PGDIR="${LIQUIDUS_PG_DIR:-/tmp/liquidus-pg}"
PGPORT="${LIQUIDUS_PG_PORT:-55432}"
URL="postgres://liquidus:liquidus@127.0.0.1:${PGPORT}/liquidus"
LOG="${PGDIR}.log"
ACTION="${1:-start}"

fail() { echo "postgres.sh: $*" >&2; [ -f "$LOG" ] && tail -n 20 "$LOG" >&2; exit 1; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(bindir)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || fail "apt-get update failed"
    apt-get install -y -qq postgresql >/dev/null 2>&1 || fail "apt-get install postgresql failed"
fi
BIN="$(bindir)"
[ -x "$BIN/pg_ctl" ] || fail "no pg_ctl under /usr/lib/postgresql/*/bin"
id postgres >/dev/null 2>&1 || fail "the postgres user does not exist (is the postgresql package installed?)"

as_postgres() { runuser -u postgres -- "$@"; }

if [ "$ACTION" = "stop" ]; then
    as_postgres "$BIN/pg_ctl" -D "$PGDIR" -m immediate stop >/dev/null 2>&1 || fail "the server did not stop"
    exit 0
fi
[ "$ACTION" = "start" ] || fail "unknown action $ACTION (start or stop)"

if [ ! -f "$PGDIR/PG_VERSION" ]; then
    rm -rf "$PGDIR"
    mkdir -p "$PGDIR"
    chown postgres:postgres "$PGDIR"
    as_postgres "$BIN/initdb" -D "$PGDIR" -U postgres --auth-local=peer --auth-host=scram-sha-256 >/dev/null 2>&1 || fail "initdb failed"
fi
# Password authentication over TCP, whatever an older cluster was created with.
cat > "$PGDIR/pg_hba.conf" <<HBA
local   all   postgres                  peer
host    all   all        127.0.0.1/32   scram-sha-256
host    all   all        ::1/128        scram-sha-256
HBA
chown postgres:postgres "$PGDIR/pg_hba.conf"
if as_postgres "$BIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
    as_postgres "$BIN/pg_ctl" -D "$PGDIR" reload >/dev/null || fail "the server did not reload its authentication rules"
else
    touch "$LOG" && chown postgres:postgres "$LOG"
    as_postgres "$BIN/pg_ctl" -D "$PGDIR" -l "$LOG" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p ${PGPORT} -k /tmp -c fsync=on -c synchronous_commit=on -c password_encryption=scram-sha-256" start >/dev/null \
        || fail "the server did not start"
fi

psql_admin() { as_postgres "$BIN/psql" -h /tmp -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'liquidus'")" != "1" ]; then
    psql_admin -c "CREATE ROLE liquidus LOGIN" >/dev/null || fail "cannot create the liquidus role"
fi
# Set (again) so the stored verifier is a SCRAM one.
psql_admin -c "SET password_encryption = 'scram-sha-256'; ALTER ROLE liquidus PASSWORD 'liquidus'" >/dev/null || fail "cannot set the liquidus role's password"
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'liquidus'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE liquidus OWNER liquidus" >/dev/null || fail "cannot create the liquidus database"
fi

echo "export LIQUIDUS_TEST_POSTGRES_URL=${URL}"
