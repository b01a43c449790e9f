package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.DeployTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Dockerfile keeps the image's rules (no Docker daemon here, so a parser-based lint): a
 * multi-stage build on pinned images, JRE 17 at run time, an unprivileged user, the state volume,
 * the API port the server really listens on, pg_dump for the backup job, a liveness health check
 * and an exec-form entrypoint, so that SIGTERM reaches the JVM.
 */
class ContainerImageRulesTest {
  private static final Path DOCKERFILE = DeployTools.ROOT.resolve("Dockerfile");

  @TempDir Path dir;

  @Test
  void theDockerfilePassesEveryRule() {
    DeployTools.Result lint = DeployTools.node("dockerfile.mjs", DOCKERFILE.toString(), "7443");
    assertThat(lint.output()).isEqualTo("ok\n");
    assertThat(lint.exitCode()).isZero();
  }

  @Test
  void theExposedPortIsTheServersDefaultApiPort() {
    assertThat(DeployTools.apiPort()).isEqualTo("7443");
    DeployTools.Result lint =
        DeployTools.node("dockerfile.mjs", DOCKERFILE.toString(), DeployTools.apiPort());
    assertThat(lint.exitCode()).as(lint.output()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          root user          | USER 10001:10001                     | USER root                 | runs the server as root
          no user            | USER 10001:10001                     | # no user                 | has no USER
          shell entrypoint   | ENTRYPOINT ["/opt/palisade/palisade-java", "/opt/palisade/palisade-server.jar"] | ENTRYPOINT java -jar /opt/palisade/palisade-server.jar | ENTRYPOINT is in shell form
          other program      | ENTRYPOINT ["/opt/palisade/palisade-java" | ENTRYPOINT ["/bin/sh" | does not run palisade-server.jar with java
          launcher missing   | COPY deploy/jvm.options deploy/palisade-java /opt/palisade/ | COPY deploy/jvm.options /opt/palisade/ | which no COPY puts there
          floating base      | eclipse-temurin:17.0.13_11-jre-noble | eclipse-temurin:17-jre    | is not pinned
          latest builder     | maven:3.9.9-eclipse-temurin-17       | maven:latest              | is not pinned
          JDK 21 runtime     | eclipse-temurin:17.0.13_11-jre-noble | eclipse-temurin:21.0.5_11-jre-noble | is not a JRE 17 image
          other port         | EXPOSE 7443                          | EXPOSE 8080               | does not name the server's API port 7443
          no volume          | VOLUME ["/var/lib/palisade"]         | VOLUME ["/data"]          | no VOLUME /var/lib/palisade
          other home         | PALISADE_HOME=/var/lib/palisade      | PALISADE_HOME=/data       | PALISADE_HOME is /data
          readiness check    | /api/health/live                     | /api/health/ready         | does not call /api/health/live
          no health check    | HEALTHCHECK --interval               | # HEALTHCHECK --interval  | no HEALTHCHECK
          loopback only      | PALISADE_HTTP_HOST=0.0.0.0           | PALISADE_HTTP_HOST=127.0.0.1 | PALISADE_HTTP_HOST is not 0.0.0.0
          no pg_dump         | curl postgresql-client               | curl                      | needs pg_dump
          single stage       | FROM node:20.18.1-bookworm-slim AS node | # no node stage        | no build stage FROM a maven image
          """)
  void aBrokenDockerfileFailsTheLint(String rule, String from, String to, String expected)
      throws Exception {
    String original = Files.readString(DOCKERFILE);
    assertThat(original).contains(from);
    String broken = original.replace(from, to);
    if (rule.equals("single stage")) {
      broken = broken.replaceAll("(?s)# Build stage.*?(# Runtime stage)", "$1");
    }
    Path file = dir.resolve("Dockerfile");
    Files.writeString(file, broken);
    DeployTools.Result lint = DeployTools.node("dockerfile.mjs", file.toString(), "7443");
    assertThat(lint.exitCode()).as(lint.output()).isEqualTo(1);
    assertThat(lint.output()).contains(expected);
  }
}
