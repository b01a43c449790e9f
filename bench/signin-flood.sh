#!/usr/bin/env bash
# A legitimate sign-in while POST /api/v1/auth/login is flooded with bad attempts from other
# addresses. The server trusts 127.0.0.1 as a proxy (palisade.http.trusted-proxies), so the
# flood and the legitimate clients speak from addresses of their own through X-Forwarded-For;
# rate limits and hashing limits are the defaults.
#
# Each legitimate sample is one sign-in of a real member with the right password, from an address
# not used before (a person signing in once), timed by curl (time_total). Samples are taken
# unloaded, then while wrk floods with FLOOD_CONNECTIONS connections, once per flood shape:
#   pool   every flood request comes from one of FLOOD_POOL addresses (a few attackers): the
#          per-address buckets empty and the flood is answered 429 without hashing
#   fresh  every flood request comes from an address of its own (a botnet too large for
#          per-address limits): only the hashing limit stands, the flood gets 401 or 503
# The server's CPU over each phase (from /proc/<pid>/stat) shows what the hashing limit bounds.
#
# Usage: bench/signin-flood.sh
# Environment (all optional):
#   PALISADE_JAR        server jar to copy and run (default: server/target/palisade-server.jar)
#   SAMPLES             legitimate sign-ins per phase (default 40)
#   FLOOD_CONNECTIONS   wrk connections (default 200), FLOOD_THREADS wrk threads (default 2)
#   FLOOD_POOL          addresses of the "pool" flood (default 50)
#   PHASES              flood shapes to run, of "pool fresh" (default both)
#   WARMUP              seconds of flood before sampling starts (default 10)
#   FLOOD_SECONDS       seconds of flood after the warm-up (default 45; sampling must end first)
#   PALISADE_PORT       first port to try (default 7490)
#   PGHOST, PGPORT, PGUSER   PostgreSQL to use (default 127.0.0.1, 5432, postgres; trust auth)
#   JAVA_OPTS           extra JVM options
#   KEEP_TMP=1          keep the temp dir (server log, samples, wrk output)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

PALISADE_JAR="${PALISADE_JAR:-$REPO_DIR/server/target/palisade-server.jar}"
SAMPLES="${SAMPLES:-40}"
FLOOD_CONNECTIONS="${FLOOD_CONNECTIONS:-200}"
FLOOD_THREADS="${FLOOD_THREADS:-2}"
FLOOD_POOL="${FLOOD_POOL:-50}"
PHASES="${PHASES:-pool fresh}"
WARMUP="${WARMUP:-10}"
FLOOD_SECONDS="${FLOOD_SECONDS:-45}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
JAVA_OPTS="${JAVA_OPTS:-}"
EMAIL="admin@example.com"
PASSWORD="a long password 123"
MEMBER="member@example.com"

[[ "$SAMPLES" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "SAMPLES must be 1..9999" >&2; exit 2; }
[[ "$FLOOD_POOL" =~ ^[1-9][0-9]{0,4}$ ]] || { echo "FLOOD_POOL must be 1..99999" >&2; exit 2; }
for cmd in java curl psql jq ss wrk; do
  command -v "$cmd" >/dev/null || { echo "missing command: $cmd" >&2; exit 2; }
done
[[ -f "$PALISADE_JAR" ]] || { echo "no server jar at $PALISADE_JAR (build the server first)" >&2; exit 2; }

RUN_ID="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
INSTALL_DB="bench_sf_${RUN_ID}_install"
PREFIX="bench_sf_${RUN_ID}_org_"
TMP="$(mktemp -d -t palisade-signin-flood.XXXXXX)"
SERVER_PID=""
WRK_PID=""
DB_CREATED=0

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  [[ -n $WRK_PID ]] && stop_pid "$WRK_PID"
  [[ -n $SERVER_PID ]] && stop_pid "$SERVER_PID"
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
PORT="$(free_port "${PALISADE_PORT:-7490}")"
BASE="http://127.0.0.1:$PORT"
mkdir "$TMP/home"
log "starting Palisade on $BASE (install db $INSTALL_DB), trusting 127.0.0.1 as a proxy"
# the limits stay on (the defaults), and the flood's X-Forwarded-For is believed from 127.0.0.1
ORGS=1
passthrough=(PALISADE_HTTP_TRUSTED_PROXIES=127.0.0.1)
PALISADE_RATELIMIT_ENABLED=true start_server

# Every set-up request speaks from an address of its own, so set-up stays clear of the limits.
SETUP_ADDR=0
post() { # path json [token] -> body; fails unless 2xx
  SETUP_ADDR=$((SETUP_ADDR + 1))
  curl -fsS -H 'content-type: application/json' -H "X-Forwarded-For: 192.0.2.$SETUP_ADDR" \
    ${3:+-H "Authorization: Bearer $3"} -d "$2" "$BASE$1"
}

# --- setup, an organization and one member ---
for i in $(seq 1 50); do
  [[ -s "$TMP/home/setup-token" ]] && break
  sleep 0.1
done
SETUP_TOKEN="$(tr -d '[:space:]' <"$TMP/home/setup-token")"
post /api/v1/setup "$(jq -nc --arg t "$SETUP_TOKEN" --arg e "$EMAIL" --arg p "$PASSWORD" \
  '{setupToken: $t, email: $e, password: $p}')" >/dev/null
ADMIN="$(post /api/v1/auth/login "$(jq -nc --arg e "$EMAIL" --arg p "$PASSWORD" \
  '{email: $e, password: $p}')" | jq -er .accessToken)"
post /api/v1/orgs '{"slug":"flood","name":"Flood"}' "$ADMIN" >/dev/null
INVITE="$(post /api/v1/orgs/flood/members "$(jq -nc --arg e "$MEMBER" '{email: $e, role: "member"}')" \
  "$ADMIN" | jq -er .token)"
post /api/v1/invitations/accept "$(jq -nc --arg t "$INVITE" --arg p "$PASSWORD" \
  '{token: $t, password: $p}')" >/dev/null
LOGIN_BODY="$(jq -nc --arg e "$MEMBER" --arg p "$PASSWORD" '{email: $e, password: $p, org: "flood"}')"

# --- legitimate samples: one sign-in per fresh address ---
LEGIT_ADDR=0
sample() { # out-file
  local out=$1 i r
  : >"$out"
  for i in $(seq 1 "$SAMPLES"); do
    LEGIT_ADDR=$((LEGIT_ADDR + 1))
    r="$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' --max-time 30 \
      -H 'content-type: application/json' \
      -H "X-Forwarded-For: 203.0.$((LEGIT_ADDR / 256)).$((LEGIT_ADDR % 256))" \
      -d "$LOGIN_BODY" "$BASE/api/v1/auth/login" || echo "000 30")"
    echo "$r" >>"$out"
  done
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
TICKS="$(getconf CLK_TCK)"

cat >"$TMP/flood.lua" <<'EOF'
-- Bad sign-ins for an unknown account, each from an X-Forwarded-For address; counts answers.
local pool = tonumber(os.getenv("FLOOD_POOL_SIZE"))
local threads = {}
local next_id = 0
counter = 0
s401, s429, s503, sother = 0, 0, 0, 0
setup = function(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end
request = function()
  counter = counter + 1
  local n
  if pool > 0 then n = counter % pool else n = counter * 16 + tid end
  local addr = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
  return wrk.format("POST", "/api/v1/auth/login",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = addr },
    '{"email":"intruder@example.com","password":"not the password","org":"flood"}')
end
response = function(status, headers, body)
  if status == 401 then s401 = s401 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status == 503 then s503 = s503 + 1
  else sother = sother + 1 end
end
done = function(summary, latency, requests)
  local a, b, c, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("s401"); b = b + t:get("s429"); c = c + t:get("s503"); d = d + t:get("sother")
  end
  io.write(string.format("flood answers: 401 %d, 429 %d, 503 %d, other %d\n", a, b, c, d))
end
EOF

declare -A CORES
run_phase() { # name pool(-1 = no flood)
  local name=$1 pool=$2 t0 t1 w0 w1
  if [[ $pool -ge 0 ]]; then
    FLOOD_POOL_SIZE=$pool wrk -t"$FLOOD_THREADS" -c"$FLOOD_CONNECTIONS" \
      -d"$((WARMUP + FLOOD_SECONDS))s" --timeout 30s -s "$TMP/flood.lua" "$BASE" \
      >"$TMP/wrk-$name.txt" 2>&1 &
    WRK_PID=$!
    sleep "$WARMUP"
  fi
  t0="$(cpu_ticks)"; w0="$(date +%s.%N)"
  sample "$TMP/samples-$name.txt"
  t1="$(cpu_ticks)"; w1="$(date +%s.%N)"
  if [[ -n $WRK_PID ]]; then
    kill -0 "$WRK_PID" 2>/dev/null || echo "WARNING: the $name flood ended before sampling did" >&2
    wait "$WRK_PID" 2>/dev/null || true
    WRK_PID=""
  fi
  CORES[$name]="$(awk -v t0="$t0" -v t1="$t1" -v w0="$w0" -v w1="$w1" -v hz="$TICKS" \
    'BEGIN { printf "%.2f", (t1 - t0) / hz / (w1 - w0) }')"
}

log "unloaded: $SAMPLES legitimate sign-ins"
sample "$TMP/samples-warm.txt"
run_phase unloaded -1
for phase in $PHASES; do
  case $phase in
    pool)
      log "flood from $FLOOD_POOL addresses, $FLOOD_CONNECTIONS connections ($WARMUP s before sampling)"
      run_phase pool "$FLOOD_POOL" ;;
    fresh)
      log "flood from a fresh address per request, $FLOOD_CONNECTIONS connections"
      run_phase fresh 0 ;;
    *) echo "unknown phase: $phase" >&2; exit 2 ;;
  esac
done

# --- summary ---
stats() { # samples-file -> "ok p50 p99 max" (ms, over 2xx answers)
  awk '{ if ($1 >= 200 && $1 < 300) { ok++; v[ok] = $2 * 1000 } else bad++ }
    END {
      n = ok; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      p50 = n ? v[int((n - 1) * 0.50) + 1] : 0; p99 = n ? v[int((n - 1) * 0.99) + 1] : 0
      printf "%d/%d %.1f %.1f %.1f\n", ok, ok + bad, p50, p99, (n ? v[n] : 0) }' "$1"
}
flood_line() { # wrk file -> "req/s statuses"
  local f=$1
  [[ -f "$f" ]] || { echo "- -"; return; }
  echo "$(awk '/^Requests\/sec:/ { print $2 }' "$f") -"
}
echo
echo "== signin-flood: legitimate sign-ins (each from a new address) vs. a flood of bad ones"
echo "   $SAMPLES samples per phase; flood: wrk -t$FLOOD_THREADS -c$FLOOD_CONNECTIONS, $WARMUP s before sampling;"
echo "   $(nproc) CPUs shared by server, PostgreSQL, wrk and curl; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %9s %9s %9s %9s %14s %12s\n' phase 'ok/all' 'p50 ms' 'p99 ms' 'max ms' 'server cores' 'flood req/s'
for name in unloaded $PHASES; do
  read -r ok p50 p99 max <<<"$(stats "$TMP/samples-$name.txt")"
  read -r rps _ <<<"$(flood_line "$TMP/wrk-$name.txt")"
  printf '%-10s %9s %9s %9s %9s %14s %12s\n' "$name" "$ok" "$p50" "$p99" "$max" "${CORES[$name]}" "$rps"
  [[ $name == unloaded ]] && UNLOADED_P99=$p99
  [[ $name != unloaded ]] && awk -v u="$UNLOADED_P99" -v p="$p99" -v n="$name" 'BEGIN {
    printf "  %s: p99 under flood / unloaded p99 = %.2f (goal: under 3)\n", n, p / u }' >>"$TMP/ratios.txt"
done
cat "$TMP/ratios.txt"
for name in $PHASES; do
  echo "$name $(grep -E '^flood answers' "$TMP/wrk-$name.txt")"
done
