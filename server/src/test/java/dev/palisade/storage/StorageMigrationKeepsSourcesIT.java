package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With {@code palisade.storage.migration-keep-sources=true} a completed run leaves every source
 * object where it was, byte for byte, while reads are served from the target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageMigrationKeepsSourcesIT {
  private static final String RUNNER = "/api/v1/install/jobs/storage-object-migration-runner/run";
  private static final List<String> KEYS = List.of("a.txt", "dir/b.txt", "dir/sub/c.txt");
  private TestServer server;
  private Http http;
  private String installAdmin;
  private String admin;
  private String orgId;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.storage.migration-keep-sources", "true"));
    http = server.http();
    installAdmin = server.installAdmin();
    orgId = server.createOrg(installAdmin, "acme");
    admin = server.member(installAdmin, "acme", "keep@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aCompletedRunKeepsEverySourceObjectAndServesTheTargetCopies() throws Exception {
    for (String key : KEYS) {
      Http.Response put =
          http.sendAs(
              "PUT",
              "/api/v1/orgs/acme/files/" + key,
              "content of " + key,
              Map.of("Authorization", "Bearer " + admin, "Content-Type", "text/plain"));
      assertThat(put.status()).as(put.body()).isEqualTo(200);
    }
    Path bundled = server.home().resolve("storage").resolve(orgId);
    Map<Path, String> before = contents(bundled);
    assertThat(before).hasSize(KEYS.size());

    Path dir = Files.createTempDirectory("dedicated");
    Http.Response created =
        http.post(
            "/api/v1/orgs/acme/storage/bindings",
            Http.json(
                "type", "local_filesystem_dedicated", "settings", Map.of("path", dir.toString())),
            admin);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String target = created.json().get("id").asText();
    Http.Response activated =
        http.post(
            "/api/v1/orgs/acme/storage/bindings/" + target + "/activate",
            Http.json("reason", "move to the dedicated directory"),
            admin);
    assertThat(activated.status()).as(activated.body()).isEqualTo(200);

    assertThat(http.post(RUNNER, "", installAdmin).json().get("status").asText())
        .isEqualTo("success");
    JsonNode run = http.get("/api/v1/orgs/acme/storage/migrations", admin).json().at("/items/0");
    assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("completed");
    assertThat(run.at("/items/verified").asInt()).isEqualTo(KEYS.size());

    // every source object is still there, unchanged
    assertThat(contents(bundled)).isEqualTo(before);
    // and every file now lives on the target and reads back
    assertThat(contents(dir)).hasSize(KEYS.size());
    assertThat(
            server
                .db()
                .countIn(
                    server.db().tenantPrefix() + "acme",
                    "select count(*) from storage_objects where binding_id = '" + target + "'"))
        .isEqualTo(KEYS.size());
    for (String key : KEYS) {
      assertThat(http.get("/api/v1/orgs/acme/files/" + key, admin).body())
          .isEqualTo("content of " + key);
    }
  }

  private static Map<Path, String> contents(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return Map.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> dir.relativize(p).toString().startsWith("objects/"))
          .collect(
              java.util.stream.Collectors.toMap(
                  p -> dir.relativize(p), StorageMigrationKeepsSourcesIT::read));
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
