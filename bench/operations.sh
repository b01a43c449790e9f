#!/usr/bin/env bash
# Latency of the Operations page (GET /api/v1/install/operations) on an install with a long job
# history and many incidents. Runs against the PostgreSQL the tests use
# (PALISADE_TEST_DATABASE_URL, or 127.0.0.1:5432) and drops what it creates.
#   bench/operations.sh [job-runs]     (default 200000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp="$(mktemp)"
trap 'rm -f "$cp"' EXIT
# One reactor run, so sibling modules resolve to their target/classes; the server module runs
# last and leaves its classpath in "$cp".
mvn -B -q -o -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -pl server -am -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
export PALISADE_LOG_LEVEL="${PALISADE_LOG_LEVEL:-WARN}"
java -Xmx1g ${BENCH_JAVA_OPTS:-} \
  -cp "server/target/test-classes:server/target/classes:jobs/target/classes:platform-api/target/classes:$(cat "$cp")" \
  dev.palisade.bench.OperationsBenchmark "${1:-200000}"
