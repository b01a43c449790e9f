package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.DeployTools;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages' probes and stop signal hold against the real server jar, run with the image's
 * settings: the Dockerfile's HEALTHCHECK command passes while the server runs and fails once it
 * stopped, the Kubernetes probe paths answer, and SIGTERM ends the JVM with 143, the exit status
 * the systemd unit counts as success.
 */
class ImageHealthCheckIT {
  private static TestDatabase db;

  @TempDir Path home;

  @BeforeAll
  static void database() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    db.close();
  }

  private static DeployTools.Result healthCheck(String command, int port) {
    return DeployTools.run(List.of("sh", "-c", "PALISADE_HTTP_PORT=" + port + "; " + command));
  }

  @Test
  void theHealthCheckAndProbesAnswerWhileTheServerRunsAndSigtermEndsItCleanly() throws Exception {
    DeployTools.Result printed =
        DeployTools.node(
            "dockerfile.mjs", "--healthcheck", DeployTools.ROOT.resolve("Dockerfile").toString());
    assertThat(printed.exitCode()).as(printed.output()).isZero();
    String command = printed.output().strip();
    assertThat(command).contains("/api/health/live");

    int port;
    Process process;
    try (ServerProcess server =
        ServerProcess.start(db, home, Map.of("PALISADE_HTTP_HOST", "0.0.0.0"))) {
      port = URI.create(server.http().base()).getPort();
      process = server.process();
      // the probes first: a first request on a cold JVM is slow, which the image's start period
      // (60 s) allows for
      assertThat(server.http().get("/api/health/live", null).status()).isEqualTo(200);
      Eventually.until(
          Duration.ofSeconds(30),
          () -> server.http().get("/api/health/ready", null).status() == 200);
      DeployTools.Result check = healthCheck(command, port);
      assertThat(check.exitCode()).as(check.output()).isZero();
      assertThat(check.output()).contains("\"status\":\"ok\"");
    }
    assertThat(process.exitValue()).isEqualTo(143);
    assertThat(healthCheck(command, port).exitCode()).isEqualTo(1);
  }
}
