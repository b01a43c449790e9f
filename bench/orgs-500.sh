#!/usr/bin/env bash
# Many tenants against one connection cap: creates 500 orgs (one database each), then lists the
# members of each org once (GET /api/v1/orgs/{slug}/members), which makes the tenant pool open a
# connection to every one of the 500 databases in turn. Every 0.5 s it samples
#   - PostgreSQL: backends connected to a tenant database (pg_stat_activity), and
#   - Palisade:   palisade_tenant_connections_open from /metrics,
# and checks that neither ever exceeded palisade_tenant_connections_cap.
#
# Usage: bench/orgs-500.sh
# Environment (all optional):
#   ORGS           number of orgs (default 500)
#   CONCURRENCY    parallel GETs in the query phase (default 1: one org after another)
#   PALISADE_DATABASE_TENANT_CONNECTION_CAP  passed to the server (default: the server's own,
#                  80% of max_connections less the install pool)
#   PALISADE_DATABASE_TENANT_POOL_SIZE       passed to the server (default: the server's own)
#   PALISADE_JAR   server jar to copy and run (default: server/target/palisade-server.jar)
#   PALISADE_PORT  first port to try (default 7490)
#   PGHOST, PGPORT, PGUSER   PostgreSQL to use (default 127.0.0.1, 5432, postgres; trust auth)
#   JAVA_OPTS      extra JVM options
#   KEEP_TMP=1     keep the temp dir (server log, samples, timings)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

ORGS="${ORGS:-500}"
CONCURRENCY="${CONCURRENCY:-1}"
PALISADE_JAR="${PALISADE_JAR:-$REPO_DIR/server/target/palisade-server.jar}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
JAVA_OPTS="${JAVA_OPTS:-}"
EMAIL="admin@example.com"
PASSWORD="a long password 123"
INTERVAL=0.5

[[ "$ORGS" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "ORGS must be 1..9999" >&2; exit 2; }
[[ "$CONCURRENCY" =~ ^[1-9][0-9]?$ ]] || { echo "CONCURRENCY must be 1..99" >&2; exit 2; }
for cmd in java curl psql jq ss xargs; do
  command -v "$cmd" >/dev/null || { echo "missing command: $cmd" >&2; exit 2; }
done
[[ -f "$PALISADE_JAR" ]] || { echo "no server jar at $PALISADE_JAR (build the server first)" >&2; exit 2; }

RUN_ID="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
INSTALL_DB="bench_o5_${RUN_ID}_install"
PREFIX="bench_o5_${RUN_ID}_org_"
TMP="$(mktemp -d -t palisade-orgs-500.XXXXXX)"
SERVER_PID=""
SAMPLER_PID=""
DB_CREATED=0

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [[ -n $SAMPLER_PID ]]; then
    kill -TERM "$SAMPLER_PID" 2>/dev/null
    wait "$SAMPLER_PID" 2>/dev/null
  fi
  if [[ -n $SERVER_PID ]]; then
    stop_pid "$SERVER_PID"
  fi
  if [[ $DB_CREATED == 1 ]]; then
    log "dropping the benchmark databases"
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

metric() { # name -> value from /metrics (empty if absent)
  curl -fsS --max-time 2 "$BASE/metrics" | awk -v n="$1" '$1 == n && !seen { print $2 + 0; seen = 1 }'
}

pg_tenant_backends() {
  psql -d postgres -XAtqc "select count(*) from pg_stat_activity
    where left(datname, ${#PREFIX}) = '$PREFIX'"
}

# --- start the server on a fresh install database ---
cp "$PALISADE_JAR" "$TMP/palisade.jar"
psql -d postgres -Xqc "create database \"$INSTALL_DB\"" >/dev/null
DB_CREATED=1
PORT="$(free_port "${PALISADE_PORT:-7490}")"
BASE="http://127.0.0.1:$PORT"
mkdir "$TMP/home"
passthrough=()
for v in PALISADE_DATABASE_TENANT_CONNECTION_CAP PALISADE_DATABASE_TENANT_POOL_SIZE; do
  if [[ -n "${!v+x}" ]]; then passthrough+=("$v=${!v}"); fi
done
log "starting Palisade on $BASE (install db $INSTALL_DB, tenant prefix $PREFIX) ${passthrough[*]}"
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
CAP="$(metric palisade_tenant_connections_cap)"
[[ -n $CAP ]] || { echo "no palisade_tenant_connections_cap in /metrics" >&2; exit 1; }
CAP="${CAP%.*}"
MAX_CONNECTIONS="$(psql -d postgres -XAtqc 'show max_connections')"

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

# --- sampler: every 0.5 s, "<epoch> <phase> <pg backends> <open per /metrics>" ---
echo create >"$TMP/phase"
(
  set +e
  trap 'exit 0' TERM
  while :; do
    t="$(now)"
    pg="$(pg_tenant_backends 2>/dev/null)"
    open="$(metric palisade_tenant_connections_open 2>/dev/null)"
    echo "$t $(cat "$TMP/phase") ${pg:-NA} ${open:-NA}" >>"$TMP/samples.txt"
    sleep "$INTERVAL"
  done
) &
SAMPLER_PID=$!

# --- phase 1: create the orgs ---
log "creating $ORGS organizations"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
create_errors=0
t0="$(now)"
for i in $(seq 1 "$ORGS"); do
  slug="$(printf 'org-%04d' "$i")"
  code="$(curl -sS -o "$TMP/resp.json" -w '%{http_code}' \
    -H @"$TMP/auth.header" -H 'content-type: application/json' \
    -d "{\"slug\":\"$slug\",\"name\":\"Org $i\"}" "$BASE/api/v1/orgs")"
  if [[ $code != 201 ]]; then
    create_errors=$((create_errors + 1))
    echo "POST $slug answered $code: $(head -c 300 "$TMP/resp.json")" >&2
  fi
  if ((i % 100 == 0)); then log "  $i created"; fi
done
t1="$(now)"

# --- phase 2: one GET .../members per org ---
echo query >"$TMP/phase"
log "querying the members of each org (concurrency $CONCURRENCY)"
query_one() { # i -> "<slug> <code> <seconds>"
  local slug out
  slug="$(printf 'org-%04d' "$1")"
  out="$(curl -sS -o "$QTMP/body-$slug.json" -w '%{http_code} %{time_total}' \
    -H @"$QTMP/auth.header" "$QBASE/api/v1/orgs/$slug/members")" || out="000 0"
  echo "$slug $out"
}
export -f query_one
export QTMP="$TMP" QBASE="$BASE"
t2="$(now)"
seq 1 "$ORGS" | xargs -P "$CONCURRENCY" -I{} bash -c 'query_one {}' >"$TMP/queries.txt"
t3="$(now)"
echo after >"$TMP/phase"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
sleep 2 # a few samples after the last query

kill -TERM "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

query_errors="$(awk '$2 != 200' "$TMP/queries.txt" | wc -l)"
if [[ $query_errors != 0 ]]; then
  echo "failed queries (first 5):" >&2
  awk '$2 != 200 && n++ < 5' "$TMP/queries.txt" | while read -r slug code _; do
    echo "  $slug -> $code: $(head -c 200 "$TMP/body-$slug.json" 2>/dev/null)" >&2
  done
fi
final_open="$(metric palisade_tenant_connections_open)"
final_pg="$(pg_tenant_backends)"
databases="$(psql -d postgres -XAtqc "select count(*) from pg_database
  where left(datname, ${#PREFIX}) = '$PREFIX' and datname <> '${PREFIX}_template'")"
server_errors="$(grep -c '"level":"ERROR"' "$TMP/server.log" || true)"

read -r samples max_pg max_open max_pg_query max_open_query < <(awk '
  $3 != "NA" && $3 + 0 > mp { mp = $3 + 0 }
  $4 != "NA" && $4 + 0 > mo { mo = $4 + 0 }
  $2 == "query" && $3 != "NA" && $3 + 0 > qp { qp = $3 + 0 }
  $2 == "query" && $4 != "NA" && $4 + 0 > qo { qo = $4 + 0 }
  END { printf "%d %d %d %d %d\n", NR, mp, mo, qp, qo }' "$TMP/samples.txt")
q_median="$(awk '$2 == 200 { print $3 * 1000 }' "$TMP/queries.txt" | sort -n \
  | awk '{ v[NR] = $1 } END { if (NR) printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; else print "nan" }')"

echo
echo "== orgs-500: $ORGS orgs, then GET /api/v1/orgs/{slug}/members once each (concurrency $CONCURRENCY)"
printf 'tenant connection cap %s (max_connections %s%s)\n' "$CAP" "$MAX_CONNECTIONS" \
  "$([[ ${#passthrough[@]} -gt 0 ]] && echo ", set by ${passthrough[*]}" || echo ", server default")"
printf 'create: %s orgs in %s s (%s errors; %s tenant databases exist)\n' \
  "$ORGS" "$(elapsed "$t0" "$t1")" "$create_errors" "$databases"
printf 'query:  %s GETs in %s s (%s errors; median %s ms)\n' \
  "$ORGS" "$(elapsed "$t2" "$t3")" "$query_errors" "$q_median"
printf 'max open tenant connections over %s samples: pg_stat_activity %s, /metrics %s (query phase: %s / %s)\n' \
  "$samples" "$max_pg" "$max_open" "$max_pg_query" "$max_open_query"
printf 'after the run: pg_stat_activity %s, /metrics %s; ERROR lines in the server log: %s\n' \
  "$final_pg" "$final_open" "$server_errors"
printf 'load average before/after: %s / %s\n' "$LOAD_BEFORE" "$LOAD_AFTER"
verdict=PASS
if ((max_pg > CAP || max_open > CAP)); then
  verdict=FAIL
  echo "FAIL: open connections exceeded the cap of $CAP"
fi
if [[ $create_errors != 0 || $query_errors != 0 ]]; then
  verdict=FAIL
  echo "FAIL: $create_errors create and $query_errors query errors"
fi
if ((max_pg <= CAP && max_open <= CAP)); then cmp="<="; else cmp=">"; fi
echo "$verdict: max open $max_pg (pg_stat_activity) / $max_open (/metrics) $cmp cap $CAP"
[[ $verdict == PASS ]]
