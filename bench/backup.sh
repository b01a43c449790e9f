#!/usr/bin/env bash
# Backup benchmarks: a Palisade backup of the install (the install database and every
# organization database) against a plain `pg_dump -Fd -j<palisade.backup.jobs>` of the same
# databases, alternating in ROUNDS rounds of one run (goal: ratio of the medians <= 1.15), then a
# restore validation of the newest backup, whose biggest organization has ENTRIES audit entries
# (bulk-loaded with COPY, each row hashed with the normal chain encoder, one signed checkpoint at
# the head). Runs against the PostgreSQL the tests use (PALISADE_TEST_DATABASE_URL, or
# 127.0.0.1:5432) with Debian's pg_dump/pg_restore 15, and drops what it creates.
#   bench/backup.sh [entries] [rounds]        # defaults 1000000 and 3
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
for cmd in pg_dump pg_restore; do
  command -v "$cmd" >/dev/null || { echo "missing command: $cmd" >&2; exit 2; }
done
classpath="$(bench_classpath)"
# These measure other features; the rate limiter would refuse their one-identity load.
export PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}"
run_benchmark 2g "$classpath" dev.palisade.bench.BackupBenchmark "${1:-${ENTRIES:-1000000}}" "${2:-${ROUNDS:-3}}"
