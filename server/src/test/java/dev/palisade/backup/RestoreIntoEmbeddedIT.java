package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Command;
import dev.palisade.testing.Http;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The first-run default: with no database URL the packaged jar runs its embedded PostgreSQL under
 * PALISADE_HOME/postgres, and {@code restore} restores into that same embedded cluster (a new one
 * when the old one is gone), started for the time of the restore, so the server then starts on what
 * was restored.
 */
class RestoreIntoEmbeddedIT {
  @Test
  void aBackupIsRestoredIntoANewEmbeddedClusterThatTheServerThenStartsOn() throws Exception {
    Path home = Files.createTempDirectory("palisade-embedded-restore");
    Map<String, String> env = new HashMap<>();
    env.put("PALISADE_HOME", home.toString());
    env.put("PALISADE_DATABASE_URL", "");
    Path key = home.getParent().resolve(home.getFileName() + "-checkpoint-key.pem");
    String backupId;
    try (ServerProcess s = ServerProcess.startWith(env)) {
      Http http = s.http();
      String setupToken = Files.readString(home.resolve("setup-token")).trim();
      Http.Response setup =
          http.post(
              "/api/v1/setup",
              Http.json(
                  "setupToken",
                  setupToken,
                  "email",
                  TestServer.ADMIN_EMAIL,
                  "password",
                  TestServer.PASSWORD),
              null);
      assertThat(setup.status()).as(setup.body()).isEqualTo(201);
      String admin = login(http);
      Http.Response org =
          http.post("/api/v1/orgs", Http.json("slug", "acme", "name", "Acme"), admin);
      assertThat(org.status()).as(org.body()).isEqualTo(201);
      JsonNode b = BackupRunsIT.backUp(http, admin);
      assertThat(b.get("state").asText()).as(b.toString()).isEqualTo("completed");
      backupId = b.get("id").asText();
      Files.writeString(
          key, http.get("/api/v1/install/audit/public-key", null).json().get("pem").asText());
    }
    try (Stream<Path> cluster = Files.walk(home.resolve("postgres"))) {
      cluster.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }

    ServerProcess.Ended r =
        Command.run(
            List.of(
                "java",
                "-jar",
                ServerProcess.jar().toString(),
                "restore",
                "--backup",
                home.resolve("backups").resolve(backupId).toString(),
                "--public-key",
                key.toString()),
            env,
            Duration.ofMinutes(5));
    assertThat(r.exitCode()).as(r.stderr() + r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("no palisade.database.url: restoring into the embedded PostgreSQL in " + home)
        .contains("created palisade\n")
        .contains("created palisade_org_acme")
        .contains("restored 2 database(s)");

    try (ServerProcess s = ServerProcess.startWith(env)) {
      Http http = s.http();
      String admin = login(http);
      JsonNode verified = http.post("/api/v1/orgs/acme/audit/verify", "", admin).json();
      assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("intact");
      assertThat(verified.get("entries").asLong()).isPositive();
    }
  }

  private static String login(Http http) {
    Http.Response r =
        http.post(
            "/api/v1/auth/login",
            Http.json(
                "email", TestServer.ADMIN_EMAIL, "password", TestServer.PASSWORD, "org", null),
            null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("accessToken").asText();
  }
}
