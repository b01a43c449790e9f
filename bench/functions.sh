#!/usr/bin/env bash
# Cold start of the two Cloud functions, in-process: for each handler a fresh JVM builds the
# function's application context on a fresh install database (what Lambda's init phase does), then
# invokes it with the sample events of functions/src/test/resources/events: the first invocation and
# the median of 20 more. API function: the liveness probe and the console's sign-in page; job
# function: an EventBridge Scheduler input for audit-chain-verification.
#
# Usage: bench/functions.sh [ROUNDS]   (default 3 JVMs per handler; the summary gives the medians)
# Environment (all optional):
#   PALISADE_TEST_DATABASE_URL  PostgreSQL to use (default 127.0.0.1:5432 as postgres, else embedded)
#   HEAP                        -Xmx of each JVM (default 512m)
#   BENCH_JAVA_OPTS             extra JVM options (e.g. -XX:TieredStopAtLevel=1, as SnapStart guides
#                               suggest for short-lived functions)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
cd "$BENCH_DIR/.."

ROUNDS="${1:-3}"
[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || { echo "ROUNDS must be 1..99" >&2; exit 2; }
TMP="$(mktemp -d -t palisade-functions.XXXXXX)"
trap 'finish_tmp "$TMP"' EXIT

log "building"
classpath="$(bench_classpath functions)"
for handler in api job; do
  for r in $(seq 1 "$ROUNDS"); do
    log "$handler: JVM $r/$ROUNDS"
    # the platform's log lines share standard output with the figures: keep the figures
    run_benchmark "${HEAP:-512m}" "$classpath" dev.palisade.functions.ColdStartBenchmark "$handler" \
      >"$TMP/run.txt"
    grep -E '^(api|job) ' "$TMP/run.txt" >>"$TMP/results.txt"
  done
done

echo
echo "== functions: cold start in-process ($ROUNDS JVM(s) per handler, $(nproc) CPUs," \
  "load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-36s %-16s %s\n' measure figure 'median ms (each JVM)'
awk '{ k = $1 " " $2 " " $3; v[k] = v[k] " " $4 } END { for (k in v) print k, v[k] }' \
  "$TMP/results.txt" | sort |
  while read -r handler measure figure values; do
    median="$(tr ' ' '\n' <<<"$values" | grep . | sort -g | awk '{ a[NR] = $1 }
      END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }')"
    printf '%-36s %-16s %s (%s)\n' "$handler $measure" "$figure" "$median" "${values# }"
  done
