#!/usr/bin/env bash
# Audit log benchmarks: appends (one org, 16 writers; 1,000/s offered for latency), appends
# across 10 orgs, verification of a 1,000,000-entry chain, filtered queries and the first page
# of an export on it. Runs against the PostgreSQL the tests use (PALISADE_TEST_DATABASE_URL, or
# 127.0.0.1:5432) and drops what it creates.
#   bench/audit.sh [all|append|append10|append-ratio|verify|query|instances] [entries]
# "append-ratio" runs 32 writers on one org and the same 32 on ten orgs in alternating rounds.
# "instances" also builds the server jar: it starts a second server process.
# Append figures follow 20 s of appending (the JIT settles) and give the process's CPU time per
# append (server and load generator; PostgreSQL is a separate process) next to the rate.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
classpath="$(bench_classpath)"
if [[ "${1:-all}" == instances ]]; then
  mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl server -am >/dev/null
  BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dpalisade.server.jar=server/target/palisade-server.jar"
fi
# These measure other features; the rate limiter would refuse their one-identity load.
export PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}"
run_benchmark 2g "$classpath" dev.palisade.bench.AuditBenchmark "${1:-all}" "${2:-1000000}"
