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

# Builds the modules and prints the test classpath of module $1 (server unless given); prints
# Maven's output and fails when the build does. Maven fetches what it lacks (no offline flag), so
# this works on a fresh machine. One reactor run, so sibling modules resolve to their
# target/classes. Runs in a subshell, whose temp files go when it ends.
bench_classpath() (
  module="${1:-server}"
  out="$(mktemp)"
  build="$(mktemp)"
  trap 'rm -f "$out" "$build"' EXIT
  if ! mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
    -pl "$module" -am -Dmdep.includeScope=test -Dmdep.outputFile="$out" >"$build" 2>&1; then
    cat "$build" >&2
    echo "the build failed (Maven's output above)" >&2
    exit 1
  fi
  echo "$module/target/test-classes:$module/target/classes:jobs/target/classes:console-web/target/classes:platform-api/target/classes:platform-api/target/test-classes:$(cat "$out")"
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

# --- scripts that run the server jar on a fresh install database (org-create, orgs-500) ---

# Their settings: the jar (below $REPO_DIR unless PALISADE_JAR), PostgreSQL, JVM options and the
# administrator that setup creates.
server_bench_settings() {
  PALISADE_JAR="${PALISADE_JAR:-$REPO_DIR/server/target/palisade-server.jar}"
  export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
  JAVA_OPTS="${JAVA_OPTS:-}"
  EMAIL="admin@example.com"
  PASSWORD="a long password 123"
}

# Exits with 2 unless every command named is on the PATH and the server jar exists.
require_server_bench() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null || { echo "missing command: $cmd" >&2; exit 2; }
  done
  [[ -f "$PALISADE_JAR" ]] || { echo "no server jar at $PALISADE_JAR (build the server first)" >&2; exit 2; }
}

# Names the run: RUN_ID, the install database INSTALL_DB and the tenant prefix PREFIX (both with
# the short name $1), the temp dir TMP (named with $2); no server or database yet.
new_server_bench() {
  RUN_ID="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  INSTALL_DB="bench_$1_${RUN_ID}_install"
  PREFIX="bench_$1_${RUN_ID}_org_"
  TMP="$(mktemp -d -t "palisade-$2.XXXXXX")"
  SERVER_PID=""
  DB_CREATED=0
}

# Installs the script's function `cleanup` for exit, INT (status 130) and TERM (143).
trap_cleanup() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# The end of `cleanup` ($1: the script's exit status): stops the server, drops the run's databases
# (logging $2 first, if given), shows the end of the server log after a failure, removes TMP.
cleanup_server_bench() {
  local rc=$1
  if [[ -n $SERVER_PID ]]; then
    stop_pid "$SERVER_PID"
  fi
  if [[ $DB_CREATED == 1 ]]; then
    if [[ -n ${2:-} ]]; then log "$2"; fi
    log "dropped $(drop_bench_databases "$INSTALL_DB" "$PREFIX") database(s)"
  fi
  if [[ $rc != 0 && -f "$TMP/server.log" ]]; then
    echo "--- last lines of the server log" >&2
    tail -n 30 "$TMP/server.log" >&2
  fi
  finish_tmp "$TMP"
}

# Copies the jar, creates the install database and the server's home, picks PORT (the first free
# one from $1) and BASE, and collects in `passthrough` the tenant pool settings of the caller's
# environment that the server gets.
prepare_server() {
  local v
  cp "$PALISADE_JAR" "$TMP/palisade.jar"
  psql -d postgres -Xqc "create database \"$INSTALL_DB\"" >/dev/null
  DB_CREATED=1
  PORT="$(free_port "$1")"
  BASE="http://127.0.0.1:$PORT"
  mkdir "$TMP/home"
  passthrough=()
  for v in PALISADE_DATABASE_TENANT_CONNECTION_CAP PALISADE_DATABASE_TENANT_POOL_SIZE; do
    if [[ -n "${!v+x}" ]]; then passthrough+=("$v=${!v}"); fi
  done
}

# Starts the copied jar (SERVER_PID) with nothing of the caller's environment but `passthrough`,
# allowing $ORGS organizations, logging to $TMP/server.log; exits with 1 unless it is live in 60 s.
start_server() {
  local i
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
    PALISADE_HOME="$TMP/home" \
    PALISADE_HTTP_PORT="$PORT" \
    PALISADE_DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$INSTALL_DB?user=$PGUSER" \
    PALISADE_DATABASE_TENANT_PREFIX="$PREFIX" \
    PALISADE_LICENSE_EVALUATION_MAX_ORGANIZATIONS="$ORGS" \
    PALISADE_LOG_LEVEL=WARN \
    PALISADE_RATELIMIT_ENABLED="${PALISADE_RATELIMIT_ENABLED:-false}" \
    "${passthrough[@]}" \
    java $JAVA_OPTS -jar "$TMP/palisade.jar" >"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  for i in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited during start-up" >&2; exit 1; }
    curl -fsS -o /dev/null "$BASE/api/health/live" 2>/dev/null && break
    [[ $i == 300 ]] && { echo "server not live after 60 s" >&2; exit 1; }
    sleep 0.2
  done
}

# Completes setup with the token the server wrote to its home, as $EMAIL, logs in and writes the
# bearer token as a header line to $TMP/auth.header (for curl -H @file).
setup_and_login() {
  local i code setup_token token
  for i in $(seq 1 50); do
    [[ -s "$TMP/home/setup-token" ]] && break
    sleep 0.1
  done
  setup_token="$(tr -d '[:space:]' <"$TMP/home/setup-token")"
  code="$(curl -sS -o "$TMP/setup.json" -w '%{http_code}' -H 'content-type: application/json' \
    -d "$(jq -nc --arg t "$setup_token" --arg e "$EMAIL" --arg p "$PASSWORD" \
      '{setupToken: $t, email: $e, password: $p}')" "$BASE/api/v1/setup")"
  [[ $code == 201 ]] || { echo "setup answered $code: $(cat "$TMP/setup.json")" >&2; exit 1; }
  token="$(curl -fsS -H 'content-type: application/json' \
    -d "$(jq -nc --arg e "$EMAIL" --arg p "$PASSWORD" '{email: $e, password: $p}')" \
    "$BASE/api/v1/auth/login" | jq -er .accessToken)"
  printf 'Authorization: Bearer %s\n' "$token" >"$TMP/auth.header"
}

# How many tenant databases of this run exist, not counting the install's template
# (<prefix>_template_<install>).
tenant_databases() {
  psql -d postgres -XAtqc "select count(*) from pg_database
    where left(datname, ${#PREFIX}) = '$PREFIX' and left(datname, ${#PREFIX} + 9) <> '${PREFIX}_template'"
}
