#!/usr/bin/env bash
# Throughput and latency of GET /api/health/live: Palisade vs. a bare Micronaut Netty app
# (bench/hello-micronaut) built from the same BOM. Shows what the platform's filters, security
# and metrics cost on the cheapest request it serves.
#
# Usage: bench/health-live.sh
# Environment (all optional):
#   PALISADE_JAR   server jar to copy and run (default: server/target/palisade-server.jar)
#   HELLO_JAR      baseline jar (default: bench/hello-micronaut/target/hello-micronaut.jar,
#                  built with Maven inside bench/hello-micronaut if missing)
#   WARMUP         wrk warm-up duration per server (default 30s: with 10s the JIT had not
#                  settled on this 2-core box and the first measured round came out ~3x slower)
#   DURATION       measured wrk duration per server (default 20s)
#   THREADS, CONNECTIONS  wrk -t / -c (default 2 / 16)
#   ROUNDS         measured runs per server, alternating palisade/hello (default 3);
#                  the summary gives the median over rounds
#   PIN=1          run both JVMs on CPU 0 and wrk on CPU 1 (taskset); default: unpinned
#   PALISADE_PORT, HELLO_PORT  first port to try (default 7460 / 7470)
#   PGHOST, PGPORT, PGUSER     PostgreSQL to use (default 127.0.0.1, 5432, postgres; trust auth)
#   JAVA_OPTS      extra JVM options for both servers
#   PALISADE_HEALTH_FAST_PATH=false  route the probe through Micronaut's router and filters (the
#                  answer ahead of the router is on by default), for a before/after comparison
#   KEEP_TMP=1     keep the temp dir (logs, raw wrk output)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

PALISADE_JAR="${PALISADE_JAR:-$REPO_DIR/server/target/palisade-server.jar}"
HELLO_JAR="${HELLO_JAR:-$BENCH_DIR/hello-micronaut/target/hello-micronaut.jar}"
WARMUP="${WARMUP:-30s}"
DURATION="${DURATION:-20s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
PIN="${PIN:-0}"
ROUNDS="${ROUNDS:-3}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
JAVA_OPTS="${JAVA_OPTS:-}"

[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || { echo "ROUNDS must be 1..99" >&2; exit 2; }
for cmd in java wrk curl psql ss; do
  command -v "$cmd" >/dev/null || { echo "missing command: $cmd" >&2; exit 2; }
done
[[ -f "$PALISADE_JAR" ]] || { echo "no server jar at $PALISADE_JAR (build the server first)" >&2; exit 2; }

RUN_ID="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
INSTALL_DB="bench_hl_${RUN_ID}_install"
PREFIX="bench_hl_${RUN_ID}_org_"
TMP="$(mktemp -d -t palisade-health-live.XXXXXX)"
PIDS=()
DB_CREATED=0

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  if [[ $DB_CREATED == 1 ]]; then
    drop_bench_databases "$INSTALL_DB" "$PREFIX" >/dev/null
  fi
  if [[ $rc != 0 ]]; then
    for f in "$TMP"/*.log; do
      [[ -f "$f" ]] || continue
      echo "--- last lines of $(basename "$f")" >&2
      tail -n 20 "$f" >&2
    done
  fi
  finish_tmp "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_live() { # name pid url
  local name=$1 pid=$2 url=$3 i
  for i in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up" >&2
      return 1
    fi
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "$name did not answer $url within 60 s" >&2
  return 1
}

cpu_prefix() { # which: server|client
  if [[ $PIN == 1 ]]; then
    if [[ $1 == server ]]; then echo "taskset -c 0"; else echo "taskset -c 1"; fi
  fi
}

# --- the baseline jar ---
if [[ ! -f "$HELLO_JAR" ]]; then
  log "building $HELLO_JAR"
  (cd "$BENCH_DIR/hello-micronaut" && { mvn -B -q -o package || mvn -B -q package; }) >"$TMP/hello-build.log" 2>&1
fi

# --- Palisade, on a fresh install database ---
cp "$PALISADE_JAR" "$TMP/palisade.jar"
psql -d postgres -Xqc "create database \"$INSTALL_DB\"" >/dev/null
DB_CREATED=1
PAL_PORT="$(free_port "${PALISADE_PORT:-7460}")"
mkdir "$TMP/home"
log "starting Palisade on 127.0.0.1:$PAL_PORT (install db $INSTALL_DB)"
# shellcheck disable=SC2086
env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
  PALISADE_HOME="$TMP/home" \
  PALISADE_HTTP_PORT="$PAL_PORT" \
  PALISADE_DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$INSTALL_DB?user=$PGUSER" \
  PALISADE_DATABASE_TENANT_PREFIX="$PREFIX" \
  PALISADE_LOG_LEVEL=WARN \
  ${PALISADE_HEALTH_FAST_PATH:+PALISADE_HEALTH_FAST_PATH="$PALISADE_HEALTH_FAST_PATH"} \
  $(cpu_prefix server) java $JAVA_OPTS -jar "$TMP/palisade.jar" >"$TMP/palisade.log" 2>&1 &
PIDS+=($!)
wait_live Palisade "${PIDS[-1]}" "http://127.0.0.1:$PAL_PORT/api/health/live"

# --- the baseline ---
HELLO_PORT="$(free_port "${HELLO_PORT:-7470}")"
[[ $HELLO_PORT != "$PAL_PORT" ]] || HELLO_PORT="$(free_port $((PAL_PORT + 1)))"
log "starting hello-micronaut on 127.0.0.1:$HELLO_PORT"
# shellcheck disable=SC2086
env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} PORT="$HELLO_PORT" \
  $(cpu_prefix server) java $JAVA_OPTS -jar "$HELLO_JAR" >"$TMP/hello.log" 2>&1 &
PIDS+=($!)
wait_live hello-micronaut "${PIDS[-1]}" "http://127.0.0.1:$HELLO_PORT/api/health/live"

for name in palisade hello; do
  port=$PAL_PORT
  [[ $name == hello ]] && port=$HELLO_PORT
  body="$(curl -fsS "http://127.0.0.1:$port/api/health/live")"
  [[ "$body" == '{"status":"ok"}' ]] || { echo "$name answered $body" >&2; exit 1; }
done

run_wrk() { # name port duration out
  # shellcheck disable=SC2086
  $(cpu_prefix client) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency \
    "http://127.0.0.1:$2/api/health/live" >"$4" 2>&1
}

log "warming up Palisade ($WARMUP)"
run_wrk palisade "$PAL_PORT" "$WARMUP" "$TMP/warm-palisade.txt"
log "warming up hello ($WARMUP)"
run_wrk hello "$HELLO_PORT" "$WARMUP" "$TMP/warm-hello.txt"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  log "round $r/$ROUNDS: measuring Palisade ($DURATION)"
  run_wrk palisade "$PAL_PORT" "$DURATION" "$TMP/wrk-palisade-$r.txt"
  log "round $r/$ROUNDS: measuring hello ($DURATION)"
  run_wrk hello "$HELLO_PORT" "$DURATION" "$TMP/wrk-hello-$r.txt"
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- parse wrk output ---
to_ms() { # 220.00us | 1.23ms | 1.01s
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { printf "nan" } }'
}
rps_of() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct_of() { to_ms "$(awk -v p="$2" '$1 == p { print $2; exit }' "$1")"; }
errors_of() {
  awk '/Non-2xx or 3xx responses:/ { n += $NF }
       /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       END { print n + 0 }' "$1"
}
requests_of() { awk '/requests in/ { print $1; exit }' "$1"; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 }
  END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "== health-live: GET /api/health/live, wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency" \
  "(after $WARMUP warm-up each; $ROUNDS round(s), servers alternating)"
if [[ $PIN == 1 ]]; then
  echo "   JVMs pinned to CPU 0, wrk to CPU 1 ($(nproc) CPUs)"
else
  echo "   unpinned: wrk and the servers share the same $(nproc) CPUs, so the client competes for CPU too"
fi
echo "   load average before/after the measured runs: $LOAD_BEFORE / $LOAD_AFTER"
printf '%-10s %5s %12s %10s %10s %12s %8s\n' server round 'req/s' 'p50 ms' 'p99 ms' requests errors
declare -A RPS P50 P99
total_errors=0
for name in palisade hello; do
  RPS[$name]=""; P50[$name]=""; P99[$name]=""
  for r in $(seq 1 "$ROUNDS"); do
    f="$TMP/wrk-$name-$r.txt"
    if ! grep -q '^Requests/sec:' "$f"; then
      echo "wrk against $name produced no result:" >&2
      cat "$f" >&2
      exit 1
    fi
    rps="$(rps_of "$f")"; p50="$(pct_of "$f" 50%)"; p99="$(pct_of "$f" 99%)"; err="$(errors_of "$f")"
    printf '%-10s %5s %12s %10s %10s %12s %8s\n' "$name" "$r" "$rps" "$p50" "$p99" "$(requests_of "$f")" "$err"
    RPS[$name]+=" $rps"; P50[$name]+=" $p50"; P99[$name]+=" $p99"
    total_errors=$((total_errors + err))
  done
done
P_RPS="$(median <<<"${RPS[palisade]}")"; H_RPS="$(median <<<"${RPS[hello]}")"
P_50="$(median <<<"${P50[palisade]}")"; H_50="$(median <<<"${P50[hello]}")"
P_99="$(median <<<"${P99[palisade]}")"; H_99="$(median <<<"${P99[hello]}")"
echo "-- summary (median over rounds)"
printf '%-10s %12s %10s %10s\n' server 'req/s' 'p50 ms' 'p99 ms'
printf '%-10s %12s %10s %10s\n' palisade "$P_RPS" "$P_50" "$P_99"
printf '%-10s %12s %10s %10s\n' hello "$H_RPS" "$H_50" "$H_99"
awk -v pr="$P_RPS" -v hr="$H_RPS" -v p5="$P_50" -v h5="$H_50" -v p9="$P_99" -v h9="$H_99" 'BEGIN {
  printf "ratio palisade/hello: req/s %.2f, p50 %.2f, p99 %.2f\n", pr / hr, p5 / h5, p9 / h9 }'
if [[ $total_errors != 0 ]]; then
  echo "WARNING: $total_errors errors or non-2xx responses during the measured runs (see above)"
  exit 1
fi
