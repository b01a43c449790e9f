#!/usr/bin/env bash
# The server process itself: start-up to ready on the embedded default, resident memory when idle
# and after 1,000 requests of each kind, and the readiness probe while the install database hangs.
#
# Usage: bench/process.sh [startup|memory|hung|all]     (default all)
#   startup  first start on an empty PALISADE_HOME (embedded PostgreSQL initialised), then
#            RESTARTS restarts on it: launch to the first 200 from /api/health/live and /ready
#   memory   VmRSS of the server JVM (not the embedded PostgreSQL) after start-up and 10 s idle,
#            then after 1,000 requests of each kind (probes, sign-in, API reads, an audit query,
#            the console's sign-in page, /metrics), then after 10 s idle again
#   hung     a server whose install database is reached through a TCP proxy; the proxy is frozen
#            (SIGSTOP): 1,000 sequential readiness probes while it hangs, p50/p99/max and errors
#            (a probe that takes longer than 1 s counts as an error)
# Environment (all optional):
#   PALISADE_JAR   server jar to copy and run (default: server/target/palisade-server.jar)
#   PALISADE_PORT  first port to try (default 7490)
#   RESTARTS       restarts measured by the startup phase (default 5)
#   REQUESTS       requests of each kind in the memory phase (default 1000)
#   JAVA_OPTS      JVM options for the server, after the shipped defaults (deploy/jvm.options);
#                  the server is started as the packages start it, by deploy/palisade-java
#   PALISADE_CDS=false   no class-data archive (the first start records one; restarts use it)
#   PALISADE_JVM_OPTIONS the defaults file instead of deploy/jvm.options; with /dev/null and
#                  PALISADE_CDS=false the server runs on the JVM's own defaults (the baseline)
#   NMT=1          memory phase: also print the JVM's native memory tracking summary (committed
#                  KiB per area) at each point, and the part of VmRSS it does not account for
#   PGHOST, PGPORT, PGUSER   PostgreSQL of the hung phase (default 127.0.0.1, 5432, postgres)
#   KEEP_TMP=1     keep the temp dir (server logs)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

PHASE="${1:-all}"
RESTARTS="${RESTARTS:-5}"
REQUESTS="${REQUESTS:-1000}"
server_bench_settings
[[ ${NMT:-} == 1 ]] && JAVA_OPTS="-XX:NativeMemoryTracking=summary $JAVA_OPTS"
[[ $PHASE =~ ^(startup|memory|hung|all)$ ]] || { echo "phase must be startup, memory, hung or all" >&2; exit 2; }
require_server_bench java curl psql jq ss python3
new_server_bench pr process
PROXY_PID=""
ORGS=10

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [[ -n $PROXY_PID ]]; then
    kill -CONT "$PROXY_PID" 2>/dev/null
    kill "$PROXY_PID" 2>/dev/null
  fi
  cleanup_server_bench "$rc"
  exit "$rc"
}
trap_cleanup

cp "$PALISADE_JAR" "$TMP/palisade.jar"
PORT="$(free_port "${PALISADE_PORT:-7490}")"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$TMP/home"

# Starts the jar with the embedded default (or $1 as PALISADE_DATABASE_URL) and writes the
# milliseconds from launch to the first 200 from live and from ready to $TMP/launch.txt as
# "<live> <ready>" (not to stdout: SERVER_PID must be set in this shell, not a subshell).
launch() {
  local url=${1:-} t0 now live="" i
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
    PALISADE_HOME="$TMP/home" PALISADE_HTTP_PORT="$PORT" \
    ${url:+PALISADE_DATABASE_URL="$url"} ${url:+PALISADE_DATABASE_TENANT_PREFIX="$PREFIX"} \
    PALISADE_LOG_LEVEL=WARN PALISADE_RATELIMIT_ENABLED=false \
    PALISADE_JAVA_OPTS="$JAVA_OPTS" ${PALISADE_CDS:+PALISADE_CDS="$PALISADE_CDS"} \
    ${PALISADE_JVM_OPTIONS:+PALISADE_JVM_OPTIONS="$PALISADE_JVM_OPTIONS"} \
    "$REPO_DIR/deploy/palisade-java" "$TMP/palisade.jar" >>"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  for i in $(seq 1 6000); do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited during start-up" >&2; exit 1; }
    if [[ -z $live ]] && curl -fsS -o /dev/null "$BASE/api/health/live" 2>/dev/null; then
      now=$(date +%s%N); live=$(((now - t0) / 1000000))
    fi
    if [[ -n $live ]] && curl -fsS -o /dev/null "$BASE/api/health/ready" 2>/dev/null; then
      now=$(date +%s%N); echo "$live $(((now - t0) / 1000000))" >"$TMP/launch.txt"; return 0
    fi
    sleep 0.02
  done
  echo "server not ready after 120 s" >&2
  exit 1
}

stop_server() {
  stop_pid "$SERVER_PID" || true # its wait returns the server's exit status
  SERVER_PID=""
}

rss_mib() {
  awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status"
}

# With NMT=1: the committed MiB of each area the JVM tracks, and what VmRSS holds beyond them
# (malloc arenas and free lists, mapped files).
nmt() {
  [[ ${NMT:-} == 1 ]] || return 0
  jcmd "$SERVER_PID" VM.native_memory summary | awk -v rss="$(rss_mib)" '
    /^Total:/ { match($0, /committed=[0-9]+/); total = substr($0, RSTART + 10, RLENGTH - 10) / 1024 }
    /^-/ { line = $0; sub(/^- */, "", line); name = line; sub(/ *\(.*/, "", name)
           if (match(line, /committed=[0-9]+/)) {
             kb = substr(line, RSTART + 10, RLENGTH - 10); if (kb >= 1024) out = out sprintf(" %s %.0f,", name, kb / 1024) } }
    END { printf "    tracked %.0f MiB:%s untracked (VmRSS - tracked) %.0f MiB\n", total, out, rss - total }'
}

median() {
  sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

startup() {
  local first rest=() i
  log "startup: first start on an empty home (the embedded PostgreSQL is initialised)"
  launch
  first="$(cat "$TMP/launch.txt")"
  stop_server
  for i in $(seq 1 "$RESTARTS"); do
    launch
    rest+=("$(cat "$TMP/launch.txt")")
    stop_server
  done
  printf '%s\n' "${rest[@]}" >"$TMP/restarts.txt"
  echo "startup (embedded default, launch to first 200, ms):"
  echo "  first start (initdb):   live ${first% *}, ready ${first#* }"
  echo "  restarts (median of $RESTARTS): live $(cut -d' ' -f1 "$TMP/restarts.txt" | median)," \
    "ready $(cut -d' ' -f2 "$TMP/restarts.txt" | median)" \
    "(all ready: $(cut -d' ' -f2 "$TMP/restarts.txt" | tr '\n' ' '))"
}

load() {
  python3 "$BENCH_DIR/probe_load.py" "$BASE" "$@"
}

memory() {
  local token slug=bench auth
  log "memory: starting on the embedded default"
  launch
  sleep 10
  echo "memory (VmRSS of the server JVM, MiB; JAVA_OPTS='${JAVA_OPTS}'):"
  echo "  after start-up and 10 s idle: $(rss_mib)"
  nmt
  setup_and_login
  auth="$(cat "$TMP/auth.header")"
  curl -fsS -o /dev/null -H "$auth" -H 'content-type: application/json' \
    -d "{\"slug\":\"$slug\",\"name\":\"Bench\"}" "$BASE/api/v1/orgs"
  local body
  body="$(jq -nc --arg e "$EMAIL" --arg p "$PASSWORD" '{email: $e, password: $p}')"
  for spec in "/api/health/live" "/api/health/ready" "/api/v1/orgs" \
      "/api/v1/orgs/$slug/audit?limit=50" "/api/v1/install/operations" "/console/sign-in" \
      "/metrics"; do
    echo "  $REQUESTS x GET $spec: $(load "$spec" "$REQUESTS" --header "$auth")"
  done
  echo "  $REQUESTS x POST /api/v1/auth/login: $(load /api/v1/auth/login "$REQUESTS" --method POST --body "$body")"
  echo "  after the requests: $(rss_mib)"
  nmt
  sleep 10
  echo "  after 10 s idle again: $(rss_mib)"
  nmt
  stop_server
}

hung() {
  local proxy_port i
  proxy_port="$(free_port 7520)"
  psql -d postgres -Xqc "create database \"$INSTALL_DB\"" >/dev/null
  DB_CREATED=1
  python3 "$BENCH_DIR/freeze_proxy.py" "$proxy_port" "$PGHOST" "$PGPORT" &
  PROXY_PID=$!
  rm -rf "$TMP/home" && mkdir "$TMP/home"
  log "hung: starting with the install database behind a proxy on port $proxy_port"
  launch "jdbc:postgresql://127.0.0.1:$proxy_port/$INSTALL_DB?user=$PGUSER"
  load /api/health/ready 2000 >/dev/null # warm-up
  echo "readiness probe (1 s timeout per probe):"
  echo "  database answering: $(load /api/health/ready "$REQUESTS" --timeout 1)"
  kill -STOP "$PROXY_PID"
  for i in $(seq 1 300); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/api/health/ready")" == 503 ]] && break
    sleep 0.1
  done
  echo "  database hung (proxy stopped), after ready turned 503 in ~$((i / 10)) s: $(load /api/health/ready "$REQUESTS" --timeout 1)"
  kill -CONT "$PROXY_PID"
  for i in $(seq 1 300); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/api/health/ready")" == 200 ]] && break
    sleep 0.1
  done
  echo "  ready again ~$((i / 10)) s after the database answered again"
  stop_server
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
case $PHASE in
  startup) startup ;;
  memory) memory ;;
  hung) hung ;;
  all) startup; memory; hung ;;
esac
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
