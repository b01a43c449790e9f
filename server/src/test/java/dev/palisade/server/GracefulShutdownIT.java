package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar, run as an operator would, stopped with SIGTERM mid-request. */
class GracefulShutdownIT {
  @Test
  void sigtermLetsAnInFlightRequestFinishThenExits() throws Exception {
    Path jar = Path.of(System.getProperty("palisade.server.jar", "target/palisade-server.jar"));
    assertThat(jar).exists();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path home = Files.createTempDirectory("palisade-sigterm");
    try (TestDatabase db = TestDatabase.create()) {
      ProcessBuilder pb =
          new ProcessBuilder("java", "-jar", jar.toString()).redirectErrorStream(true);
      pb.environment().put("PALISADE_HOME", home.toString());
      pb.environment().put("PALISADE_HTTP_PORT", Integer.toString(port));
      pb.environment().put("PALISADE_DATABASE_URL", db.url());
      pb.environment().put("PALISADE_DATABASE_TENANT_PREFIX", db.tenantPrefix());
      pb.environment().put("PALISADE_LOG_FORMAT", "text");
      Process process = pb.start();
      StringBuilder output = new StringBuilder();
      CompletableFuture<String> setupLine = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    synchronized (output) {
                      output.append(line).append('\n');
                    }
                    if (line.startsWith("Palisade is running at")) {
                      setupLine.complete(line);
                    }
                  }
                } catch (Exception e) {
                  setupLine.completeExceptionally(e);
                }
              });
      reader.setDaemon(true);
      reader.start();
      try {
        assertThat(setupLine.get(90, TimeUnit.SECONDS))
            .isEqualTo("Palisade is running at http://127.0.0.1:" + port);
        synchronized (output) {
          assertThat(output).containsPattern("setup token: [A-Za-z0-9_-]{20,}");
        }
        Http http = new Http("http://127.0.0.1:" + port);
        String token = Files.readString(home.resolve("setup-token")).trim();
        http.post(
            "/api/v1/setup",
            Http.json(
                "setupToken", token, "email", "a@example.com", "password", TestServer.PASSWORD),
            null);
        String admin =
            http.post(
                    "/api/v1/auth/login",
                    Http.json("email", "a@example.com", "password", TestServer.PASSWORD),
                    null)
                .json()
                .get("accessToken")
                .asText();

        CompletableFuture<Http.Response> inFlight;
        try (Connection blocker = db.connect()) {
          blocker.setAutoCommit(false);
          blocker.createStatement().execute("lock table organizations in exclusive mode");
          inFlight =
              CompletableFuture.supplyAsync(
                  () ->
                      http.post("/api/v1/orgs", Http.json("slug", "late", "name", "Late"), admin));
          waitForBlockedInsert(db);
          process.destroy(); // SIGTERM
          assertThat(process.waitFor(1, TimeUnit.SECONDS))
              .as("waits for the in-flight request")
              .isFalse();
          blocker.commit();
        }
        Http.Response r = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(db.count("select count(*) from organizations where slug = 'late'")).isEqualTo(1);
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private static void waitForBlockedInsert(TestDatabase db) throws Exception {
    Eventually.until(
        Duration.ofSeconds(5),
        () ->
            db.count(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and query like 'insert into organizations%'")
                > 0);
  }
}
