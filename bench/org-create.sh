#!/usr/bin/env bash
# Latency of POST /api/v1/orgs: each call copies the migrated tenant template into a new
# PostgreSQL database and registers the organization. Orgs are created one at a time and each
# POST is timed by curl (time_total); prints min / median / p95 / max in ms.
#
# Usage: bench/org-create.sh [N]        (N orgs, default 50; or ORGS=N)
# Environment (all optional):
#   PALISADE_JAR   server jar to copy and run (default: server/target/palisade-server.jar)
#   PALISADE_PORT  first port to try (default 7480)
#   PGHOST, PGPORT, PGUSER   PostgreSQL to use (default 127.0.0.1, 5432, postgres; trust auth)
#   JAVA_OPTS      extra JVM options
#   KEEP_TMP=1     keep the temp dir (server log, per-request timings)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

ORGS="${1:-${ORGS:-50}}"
PALISADE_JAR="${PALISADE_JAR:-$REPO_DIR/server/target/palisade-server.jar}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
JAVA_OPTS="${JAVA_OPTS:-}"
EMAIL="admin@example.com"
PASSWORD="a long password 123"

[[ "$ORGS" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "N must be 1..9999" >&2; exit 2; }
for cmd in java curl psql jq ss; do
  command -v "$cmd" >/dev/null || { echo "missing command: $cmd" >&2; exit 2; }
done
[[ -f "$PALISADE_JAR" ]] || { echo "no server jar at $PALISADE_JAR (build the server first)" >&2; exit 2; }

RUN_ID="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
INSTALL_DB="bench_oc_${RUN_ID}_install"
PREFIX="bench_oc_${RUN_ID}_org_"
TMP="$(mktemp -d -t palisade-org-create.XXXXXX)"
SERVER_PID=""
DB_CREATED=0

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [[ -n $SERVER_PID ]]; then
    stop_pid "$SERVER_PID"
  fi
  if [[ $DB_CREATED == 1 ]]; then
    log "dropped $(drop_bench_databases "$INSTALL_DB" "$PREFIX") database(s)"
  fi
  if [[ $rc != 0 && -f "$TMP/server.log" ]]; then
    echo "--- last lines of the server log" >&2
    tail -n 30 "$TMP/server.log" >&2
  fi
  finish_tmp "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- start the server on a fresh install database ---
cp "$PALISADE_JAR" "$TMP/palisade.jar"
psql -d postgres -Xqc "create database \"$INSTALL_DB\"" >/dev/null
DB_CREATED=1
PORT="$(free_port "${PALISADE_PORT:-7480}")"
BASE="http://127.0.0.1:$PORT"
mkdir "$TMP/home"
log "starting Palisade on $BASE (install db $INSTALL_DB, tenant prefix $PREFIX)"
passthrough=()
for v in PALISADE_DATABASE_TENANT_CONNECTION_CAP PALISADE_DATABASE_TENANT_POOL_SIZE; do
  if [[ -n "${!v+x}" ]]; then passthrough+=("$v=${!v}"); fi
done
# shellcheck disable=SC2086
env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
  PALISADE_HOME="$TMP/home" \
  PALISADE_HTTP_PORT="$PORT" \
  PALISADE_DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$INSTALL_DB?user=$PGUSER" \
  PALISADE_DATABASE_TENANT_PREFIX="$PREFIX" \
  PALISADE_LICENSE_EVALUATION_MAX_ORGANIZATIONS="$ORGS" \
  PALISADE_LOG_LEVEL=WARN \
  PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}" \
  "${passthrough[@]}" \
  java $JAVA_OPTS -jar "$TMP/palisade.jar" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 300); do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited during start-up" >&2; exit 1; }
  curl -fsS -o /dev/null "$BASE/api/health/live" 2>/dev/null && break
  [[ $i == 300 ]] && { echo "server not live after 60 s" >&2; exit 1; }
  sleep 0.2
done

# --- setup and login ---
for i in $(seq 1 50); do
  [[ -s "$TMP/home/setup-token" ]] && break
  sleep 0.1
done
SETUP_TOKEN="$(tr -d '[:space:]' <"$TMP/home/setup-token")"
code="$(curl -sS -o "$TMP/setup.json" -w '%{http_code}' -H 'content-type: application/json' \
  -d "$(jq -nc --arg t "$SETUP_TOKEN" --arg e "$EMAIL" --arg p "$PASSWORD" \
    '{setupToken: $t, email: $e, password: $p}')" "$BASE/api/v1/setup")"
[[ $code == 201 ]] || { echo "setup answered $code: $(cat "$TMP/setup.json")" >&2; exit 1; }
TOKEN="$(curl -fsS -H 'content-type: application/json' \
  -d "$(jq -nc --arg e "$EMAIL" --arg p "$PASSWORD" '{email: $e, password: $p}')" \
  "$BASE/api/v1/auth/login" | jq -er .accessToken)"
printf 'Authorization: Bearer %s\n' "$TOKEN" >"$TMP/auth.header"

# --- create the orgs one by one ---
log "creating $ORGS organizations one at a time"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
: >"$TMP/times.txt"
errors=0
for i in $(seq 1 "$ORGS"); do
  slug="$(printf 'org-%04d' "$i")"
  out="$(curl -sS -o "$TMP/resp.json" -w '%{http_code} %{time_total}' \
    -H @"$TMP/auth.header" -H 'content-type: application/json' \
    -d "{\"slug\":\"$slug\",\"name\":\"Org $i\"}" "$BASE/api/v1/orgs")"
  code="${out%% *}"
  secs="${out#* }"
  if [[ $code != 201 ]]; then
    errors=$((errors + 1))
    echo "POST $slug answered $code: $(head -c 300 "$TMP/resp.json")" >&2
    continue
  fi
  awk -v s="$secs" 'BEGIN { printf "%.3f\n", s * 1000 }' >>"$TMP/times.txt"
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
created="$(psql -d postgres -XAtqc "select count(*) from pg_database
  where left(datname, ${#PREFIX}) = '$PREFIX' and datname <> '${PREFIX}_template'")"
registered="$(psql -d "$INSTALL_DB" -XAtqc "select count(*) from organizations")"

# nearest-rank percentiles over the successful requests
read -r n min med p95 max mean < <(sort -n "$TMP/times.txt" | awk '
  { v[NR] = $1; sum += $1 }
  function rank(p,   r) { r = int(p * NR + 0.999999); if (r < 1) r = 1; return v[r] }
  END {
    if (NR == 0) { print "0 nan nan nan nan nan"; exit }
    med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%d %.1f %.1f %.1f %.1f %.1f\n", NR, v[1], med, rank(0.95), v[NR], sum / NR }')

echo
echo "== org-create: $ORGS x POST /api/v1/orgs, sequential, curl time_total"
printf 'ok %s / %s   errors %s   tenant databases %s   registered orgs %s\n' \
  "$n" "$ORGS" "$errors" "$created" "$registered"
printf 'ms: min %s   median %s   p95 %s   max %s   (mean %s)\n' "$min" "$med" "$p95" "$max" "$mean"
printf 'first 5 (ms): %s\n' "$(head -n 5 "$TMP/times.txt" | paste -sd ' ')"
printf 'load average before/after: %s / %s\n' "$LOAD_BEFORE" "$LOAD_AFTER"
if [[ $errors != 0 || $created != "$ORGS" || $registered != "$ORGS" ]]; then
  echo "FAIL: not every org was created cleanly"
  exit 1
fi
