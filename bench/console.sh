#!/usr/bin/env bash
# Figures of the operator console: first render after start, the Audit Log page with 50 entries
# under 8 concurrent clients after warm-up (p50, p99), the React render alone, the heap held by the
# rendering engine and its contexts, and the client bundle's size. Runs a real server against the
# PostgreSQL the tests use (PALISADE_TEST_DATABASE_URL, or 127.0.0.1:5432) and drops what it made.
#   bench/console.sh [requests-per-client]     (default 100)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp="$(mktemp)"
trap 'rm -f "$cp"' EXIT
# One reactor run (with the npm build of the bundles), so sibling modules resolve to their
# target/classes; the server module runs last and leaves its classpath in "$cp".
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -pl server -am -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
export PALISADE_LOG_LEVEL="${PALISADE_LOG_LEVEL:-WARN}"
# These measure other features; the rate limiter would refuse their one-identity load.
export PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}"
java -Xmx1g -Dpolyglot.engine.WarnInterpreterOnly=false ${BENCH_JAVA_OPTS:-} \
  -cp "server/target/test-classes:server/target/classes:console-web/target/classes:jobs/target/classes:platform-api/target/classes:$(cat "$cp")" \
  dev.palisade.console.ConsoleRenderBenchmark "${1:-100}"
