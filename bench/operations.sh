#!/usr/bin/env bash
# Latency of the Operations page (GET /api/v1/install/operations) on an install with a long job
# history and many incidents. Runs against the PostgreSQL the tests use
# (PALISADE_TEST_DATABASE_URL, or 127.0.0.1:5432) and drops what it creates.
#   bench/operations.sh [job-runs]     (default 200000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=bench/lib.sh
. bench/lib.sh
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
classpath="$(bench_classpath "$cp_file")"
export PALISADE_LOG_LEVEL="${PALISADE_LOG_LEVEL:-WARN}"
# These measure other features; the rate limiter would refuse their one-identity load.
export PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}"
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$classpath" \
  dev.palisade.bench.OperationsBenchmark "${1:-200000}"
