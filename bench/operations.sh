#!/usr/bin/env bash
# Latency of the Operations page (GET /api/v1/install/operations) on an install with a long job
# history and many incidents. Runs against the PostgreSQL the tests use
# (PALISADE_TEST_DATABASE_URL, or 127.0.0.1:5432) and drops what it creates.
#   bench/operations.sh [job-runs]     (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
# These measure other features; the rate limiter would refuse their one-identity load.
export PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}"
classpath="$(bench_classpath)"
run_benchmark 1g "$classpath" dev.palisade.bench.OperationsBenchmark "${1:-200000}"
