# Helpers shared by the shell benchmarks. Sourced, not run.

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# The first port from $1 on that nothing listens on.
free_port() {
  local p=$1
  while [[ -n "$(ss -Htln "sport = :$p")" ]]; do
    p=$((p + 1))
  done
  echo "$p"
}

# Stops a process: SIGTERM, up to 30 s for it to exit, then SIGKILL.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# Drops the install database $1 and every database named with prefix $2; prints how many.
drop_bench_databases() {
  local db n=0
  for db in $(psql -d postgres -XAtqc "select datname from pg_database
      where datname = '$1' or left(datname, ${#2}) = '$2'"); do
    if psql -d postgres -Xqc "drop database if exists \"$db\" with (force)" >/dev/null; then
      n=$((n + 1))
    else
      echo "could not drop database $db" >&2
    fi
  done
  echo "$n"
}

# Removes the temp dir $1, or keeps it (and says where) with KEEP_TMP=1.
finish_tmp() {
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "temp files kept in $1" >&2
  else
    rm -rf "$1"
  fi
}

# Builds the modules and prints the server module's test classpath; prints Maven's output and
# fails when the build does. Maven fetches what it lacks (no offline flag), so this works on a
# fresh machine. One reactor run, so sibling modules resolve to their target/classes. Runs in a
# subshell, whose temp files go when it ends.
bench_classpath() (
  out="$(mktemp)"
  build="$(mktemp)"
  trap 'rm -f "$out" "$build"' EXIT
  if ! mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
    -pl server -am -Dmdep.includeScope=test -Dmdep.outputFile="$out" >"$build" 2>&1; then
    cat "$build" >&2
    echo "the build failed (Maven's output above)" >&2
    exit 1
  fi
  echo "server/target/test-classes:server/target/classes:jobs/target/classes:platform-api/target/classes:$(cat "$out")"
)

# Runs the benchmark class $3 on the classpath $2 with a heap of $1, $BENCH_JAVA_OPTS and the
# remaining arguments; the server logs at PALISADE_LOG_LEVEL (WARN unless set).
run_benchmark() {
  local heap=$1 classpath=$2 main=$3
  shift 3
  export PALISADE_LOG_LEVEL="${PALISADE_LOG_LEVEL:-WARN}"
  # shellcheck disable=SC2086
  java "-Xmx$heap" ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$main" "$@"
}
