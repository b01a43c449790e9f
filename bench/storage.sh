#!/usr/bin/env bash
# Storage throughput through Palisade onto an S3 binding (s3proxy on a filesystem backend, started
# here) against the same bytes put to s3proxy directly with the SDK: 64 MiB objects (one client)
# and 4 KiB objects (8 clients), uploads and downloads; then a migration run of N 64 KiB files
# (default 2000) from the bundled directory to the bucket against a plain copy of the same files
# with the same parallelism. Runs against the PostgreSQL the tests use (PALISADE_TEST_DATABASE_URL,
# or 127.0.0.1:5432) and drops what it creates.
#   bench/storage.sh [files]
#   bench/storage.sh heap      a 1 GiB upload and download through the packaged server at -Xmx256m
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
export PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}"
classpath="$(bench_classpath)"
jar="server/target/peers/s3proxy.jar"
if [[ ! -f $jar ]]; then
  mvn -B -q dependency:copy -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies \
    -DoutputDirectory=server/target/peers -Dmdep.stripVersion=true >/dev/null
  mv server/target/peers/s3proxy-jar-with-dependencies.jar "$jar"
fi
export BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dpalisade.s3proxy.jar=$jar"
if [[ ${1:-} == heap ]]; then
  [[ -f server/target/palisade-server.jar ]] || { echo "build the server jar first" >&2; exit 2; }
  BENCH_JAVA_OPTS="$BENCH_JAVA_OPTS -Dpalisade.server.jar=server/target/palisade-server.jar" \
    run_benchmark 1g "$classpath" dev.palisade.bench.StorageHeapBenchmark
else
  run_benchmark 2g "$classpath" dev.palisade.bench.StorageBenchmark "${1:-2000}"
fi
