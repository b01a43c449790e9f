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
server_bench_settings

[[ "$ORGS" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "N must be 1..9999" >&2; exit 2; }
require_server_bench java curl psql jq ss
new_server_bench oc org-create

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  cleanup_server_bench "$rc"
  exit "$rc"
}
trap_cleanup

# --- start the server on a fresh install database ---
prepare_server "${PALISADE_PORT:-7480}"
log "starting Palisade on $BASE (install db $INSTALL_DB, tenant prefix $PREFIX)"
start_server

# --- setup and login ---
setup_and_login

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
created="$(tenant_databases)"
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
