package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An object that cannot be copied is tried three times with a backoff, then the run ends failed
 * with an event and an incident; the object stays where it was and nothing is switched silently. A
 * later run that completes resolves the incident; a pending run can be cancelled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageMigrationFailureIT {
  private static final String RUNNER = "/api/v1/install/jobs/storage-object-migration-runner/run";
  private TestServer server;
  private Http http;
  private String installAdmin;
  private String admin;
  private String orgId;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.storage.migration-retry-backoff", "1m"));
    http = server.http();
    installAdmin = server.installAdmin();
    orgId = server.createOrg(installAdmin, "acme");
    admin = server.member(installAdmin, "acme", "storage@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String dedicated() throws Exception {
    Path dir = Files.createTempDirectory("dedicated");
    Http.Response r =
        http.post(
            "/api/v1/orgs/acme/storage/bindings",
            Http.json(
                "type", "local_filesystem_dedicated", "settings", Map.of("path", dir.toString())),
            admin);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  private Http.Response activate(String id) {
    return http.post(
        "/api/v1/orgs/acme/storage/bindings/" + id + "/activate",
        Http.json("reason", "move"),
        admin);
  }

  private void put(String key, String body) {
    assertThat(
            http.sendAs(
                    "PUT",
                    "/api/v1/orgs/acme/files/" + key,
                    body,
                    Map.of("Authorization", "Bearer " + admin, "Content-Type", "text/plain"))
                .status())
        .isEqualTo(200);
  }

  private JsonNode run() {
    // partial when a run ended failed in this pass
    assertThat(http.post(RUNNER, "", installAdmin).json().get("status").asText())
        .isIn("success", "partial");
    return http.get("/api/v1/orgs/acme/storage/migrations", admin).json().at("/items/0");
  }

  private long count(String sql) throws Exception {
    return server.db().count("select count(*) from " + sql);
  }

  @Test
  @Order(1)
  void anObjectThatCannotBeCopiedFailsTheRunAfterThreeAttemptsWithAnEventAndAnIncident()
      throws Exception {
    put("good.txt", "fine");
    put("lost.txt", "its content goes missing");
    try (Stream<Path> files = Files.walk(server.home().resolve("storage").resolve(orgId))) {
      Path lost =
          files
              .filter(Files::isRegularFile)
              .filter(p -> readQuietly(p).equals("its content goes missing"))
              .findFirst()
              .orElseThrow();
      Files.delete(lost);
    }
    String target = dedicated();
    assertThat(activate(target).status()).isEqualTo(200);

    JsonNode first = run();
    assertThat(first.get("state").asText()).isEqualTo("running");
    assertThat(first.at("/items/verified").asInt()).isEqualTo(1);
    assertThat(first.at("/items/pending").asInt()).isEqualTo(1);
    assertThat(first.get("lastError").asText()).contains("missing");
    // not yet due: the backoff has not passed
    assertThat(run().at("/items/pending").asInt()).isEqualTo(1);
    server.clock().advance(Duration.ofMinutes(1));
    assertThat(run().at("/items/pending").asInt()).isEqualTo(1);
    server.clock().advance(Duration.ofMinutes(2));
    JsonNode failed = run();
    assertThat(failed.get("state").asText()).isEqualTo("failed");
    assertThat(failed.at("/items/failed").asInt()).isEqualTo(1);
    assertThat(failed.at("/items/verified").asInt()).isEqualTo(1);
    assertThat(count("security_events where type = 'storageOperationsMigrationFailed'"))
        .isEqualTo(1);
    assertThat(
            count(
                "incidents where kind = 'storageMigrationFailed' and resolved_at is null"
                    + " and subject = 'org:"
                    + orgId
                    + "'"))
        .isEqualTo(1);
    assertThat(http.get("/metrics", null).body())
        .contains("palisade_storage_migration_items{state=\"failed\"} 1.0");
    assertThat(http.get("/api/v1/orgs/acme/files/good.txt", admin).body()).isEqualTo("fine");
    try (var c = server.db().connect(server.db().tenantPrefix() + "acme");
        var rs =
            c.createStatement()
                .executeQuery(
                    "select b.type from storage_objects o join storage_bindings b"
                        + " on b.id = o.binding_id where o.key = 'lost.txt'")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("bundled");
    }

    // the file whose content went missing is deleted; a new run moves what is left and completes
    assertThat(
            http.send("DELETE", "/api/v1/orgs/acme/files/lost.txt", null, admin, Map.of()).status())
        .isEqualTo(204);
    String next = dedicated();
    assertThat(
            http.post("/api/v1/orgs/acme/storage/bindings/" + next + "/validate", "{}", admin)
                .status())
        .isEqualTo(200);
    assertThat(activate(next).status()).isEqualTo(200);
    assertThat(run().get("state").asText()).isEqualTo("completed");
    assertThat(count("incidents where kind = 'storageMigrationFailed' and resolved_at is null"))
        .isZero();
    assertThat(http.get("/api/v1/orgs/acme/files/good.txt", admin).body()).isEqualTo("fine");
  }

  @Test
  @Order(2)
  void aPendingRunCanBeCancelledAndTheCancellationIsAudited() throws Exception {
    put("stay.txt", "stays");
    String target = dedicated();
    assertThat(activate(target).status()).as("activated").isEqualTo(200);
    JsonNode pending =
        http.get("/api/v1/orgs/acme/storage/migrations", admin).json().at("/items/0");
    assertThat(pending.get("state").asText()).isEqualTo("pending");
    String id = pending.get("id").asText();
    Http.Response cancelled =
        http.post("/api/v1/orgs/acme/storage/migrations/" + id + "/cancel", "{}", admin);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
    assertThat(
            http.post("/api/v1/orgs/acme/storage/migrations/" + id + "/cancel", "{}", admin)
                .status())
        .isEqualTo(409);
    assertThat(
            http.get("/api/v1/orgs/acme/storage/migrations/" + id, admin)
                .json()
                .get("state")
                .asText())
        .isEqualTo("cancelled");
    assertThat(http.get("/api/v1/orgs/acme/files/stay.txt", admin).body()).isEqualTo("stays");
    assertThat(
            http.get("/api/v1/orgs/acme/audit?action=storage.migration_cancelled", admin)
                .json()
                .at("/items")
                .size())
        .isEqualTo(1);
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "";
    }
  }
}
