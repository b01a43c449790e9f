#!/usr/bin/env bash
# Syslog forwarding to a real rsyslog 8 relay on 127.0.0.1 (started by the benchmark with its own
# configuration: imtcp, imtcp with gtls, mmpstrucdata, omfile), against the PostgreSQL the tests
# use (PALISADE_TEST_DATABASE_URL, or 127.0.0.1:5432); drops what it creates.
#   bench/syslog.sh [all|throughput|lag|cost] [entries]
# throughput: N entries (default 50,000) appended while a TCP (then a TLS) destination is
#   disabled, then it is enabled; messages/s between the first and the last message rsyslog
#   received of that backlog.
# lag: 1,000 appends/s offered for LAG_SECONDS (30) after 10 s at that rate; per message,
#   rsyslog's receive time minus the time its append committed; p50, p99, max.
# cost: appends/s of 16 writers without a destination, with a TCP destination forwarding, and
#   without again (after 20 s of warm-up each); the ratio with / without.
# Needs rsyslogd with the gtls driver (apt-get install -y rsyslog rsyslog-gnutls) and openssl.
# POLL_INTERVAL and BATCH_SIZE, when set, are given to the server as palisade.syslog.poll-interval
# and palisade.syslog.batch-size.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
for cmd in rsyslogd openssl; do
  command -v "$cmd" >/dev/null || { echo "missing command: $cmd" >&2; exit 2; }
done
[[ -n "$(find /usr/lib -name lmnsd_gtls.so 2>/dev/null | head -1)" ]] ||
  { echo "rsyslog's gtls driver is missing (apt-get install -y rsyslog-gnutls)" >&2; exit 2; }
classpath="$(bench_classpath)"
# These measure other features; the rate limiter would refuse their one-identity load.
export PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dbench.lag-seconds=${LAG_SECONDS:-30}"
[[ -n ${POLL_INTERVAL:-} ]] && BENCH_JAVA_OPTS+=" -Dpalisade.syslog.poll-interval=$POLL_INTERVAL"
[[ -n ${BATCH_SIZE:-} ]] && BENCH_JAVA_OPTS+=" -Dpalisade.syslog.batch-size=$BATCH_SIZE"
run_benchmark 2g "$classpath" dev.palisade.bench.SyslogBenchmark "${1:-all}" "${2:-50000}"
