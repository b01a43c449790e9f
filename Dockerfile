# syntax=docker/dockerfile:1
# The Sovereign server as a container image. Build from the repository root:
#   docker build -t palisade:0.1.0 .
# See docs/deployment.md for the settings, the volume and how to upgrade.

# Node.js for the console bundle, which the Maven build produces with npm.
FROM node:20.18.1-bookworm-slim AS node

# Build stage: Maven on JDK 17 builds the runnable jar (console included).
FROM maven:3.9.9-eclipse-temurin-17 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl server -am \
 && cp server/target/palisade-server.jar /palisade-server.jar

# Runtime stage: JRE 17 only, as an unprivileged user.
FROM eclipse-temurin:17.0.13_11-jre-noble
# curl answers the HEALTHCHECK; pg_dump and pg_restore (PostgreSQL 16 client, which also dumps
# 15) serve the database-backup job and restore validation.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 palisade \
 && useradd --system --uid 10001 --gid palisade --home-dir /var/lib/palisade \
      --no-create-home --shell /usr/sbin/nologin palisade \
 && mkdir -p /opt/palisade /var/lib/palisade \
 && chown palisade:palisade /var/lib/palisade \
 && chmod 0700 /var/lib/palisade
COPY --from=build /palisade-server.jar /opt/palisade/palisade-server.jar
# the JVM's options and the launcher that adds a class-data archive kept in the volume
COPY deploy/jvm.options deploy/palisade-java /opt/palisade/
ENV PALISADE_HOME=/var/lib/palisade \
    PALISADE_HTTP_HOST=0.0.0.0 \
    PALISADE_HTTP_PORT=7443
VOLUME ["/var/lib/palisade"]
WORKDIR /var/lib/palisade
EXPOSE 7443
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS --max-time 4 "http://127.0.0.1:${PALISADE_HTTP_PORT}/api/health/live" || exit 1
# The JVM is process 1 and receives SIGTERM itself: requests in flight finish within
# PALISADE_SHUTDOWN_GRACE_PERIOD (20 s), then pools and the embedded PostgreSQL stop.
# palisade-java replaces itself with the JVM (exec). JVM options: PALISADE_JAVA_OPTS, after
# /opt/palisade/jvm.options (a 256 MiB heap; mount another file there to change the defaults).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/palisade/palisade-java", "/opt/palisade/palisade-server.jar"]
