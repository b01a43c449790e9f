package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An organization moves its files to its own S3 bucket (s3proxy, with signature checking): the
 * binding is validated at once, activated with a receipt, swept, and fails closed when S3 goes
 * away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageBindingsOnS3ProxyIT {
  private static final String STORAGE = "/api/v1/orgs/acme/storage";
  private static final String SWEEP =
      "/api/v1/install/jobs/storage-active-binding-posture-sweep/run";
  private S3Proxy s3;
  private TestServer server;
  private Http http;
  private String installAdmin;
  private String admin;
  private String member;
  private String orgId;

  @BeforeAll
  void start() throws Exception {
    s3 = S3Proxy.start("acme-files");
    server = TestServer.start(Map.of("palisade.net.allow", "127.0.0.1/32"));
    http = server.http();
    installAdmin = server.installAdmin();
    orgId = server.createOrg(installAdmin, "acme");
    server.createOrg(installAdmin, "other");
    admin = server.member(installAdmin, "acme", "storage@example.com", "admin");
    member = server.member(installAdmin, "acme", "files@example.com", "member");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    s3.close();
  }

  private Http.Response create(String org, String type, Map<String, Object> settings) {
    return http.post(
        "/api/v1/orgs/" + org + "/storage/bindings",
        Http.json("type", type, "settings", settings),
        org.equals("acme") ? admin : installAdmin);
  }

  private Http.Response upload(String key, String body) {
    return http.sendAs(
        "PUT",
        "/api/v1/orgs/acme/files/" + key,
        body,
        Map.of("Authorization", "Bearer " + member, "Content-Type", "text/plain"));
  }

  private long count(String sql) throws Exception {
    return server.db().count("select count(*) from " + sql);
  }

  @Test
  @Order(1)
  void aWrongSecretFailsValidationWithASanitizedReasonAndCannotBeActivated() throws Exception {
    Http.Response r = create("acme", "s3", s3.settings("acme-files", "acme", "wrong-secret-Hq71"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode b = r.json();
    assertThat(b.at("/validation/result").asText()).isEqualTo("failed");
    assertThat(b.at("/validation/steps/0/name").asText()).isEqualTo("write");
    assertThat(b.at("/validation/steps/0/reason").asText()).contains("SignatureDoesNotMatch");
    assertThat(b.at("/validation/steps/1/outcome").asText()).isEqualTo("skipped");
    assertThat(r.body()).doesNotContain("wrong-secret").doesNotContain("secretAccessKey");
    Http.Response activate =
        http.post(
            STORAGE + "/bindings/" + b.get("id").asText() + "/activate",
            Http.json("reason", "move to our bucket"),
            admin);
    assertThat(activate.status()).isEqualTo(409);
    assertThat(count("security_events where type = 'storageOperationsActivationFailed'"))
        .isEqualTo(1);
  }

  @Test
  @Order(2)
  void badSettingsAre422NamingTheFieldAndNothingIsCreated() throws Exception {
    Map<String, Object> noBucket = new HashMap<>(s3.settings("acme-files", "", S3Proxy.SECRET));
    noBucket.remove("bucket");
    Http.Response r = create("acme", "s3", noBucket);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("field").asText()).isEqualTo("settings.bucket");
    Http.Response home =
        create("acme", "local_filesystem_dedicated", Map.of("path", server.home().toString()));
    assertThat(home.status()).isEqualTo(422);
    assertThat(home.json().get("field").asText()).isEqualTo("settings.path");
    Http.Response missing =
        create("acme", "local_filesystem_dedicated", Map.of("path", "/no/such/directory"));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(create("acme", "bundled", Map.of()).json().get("field").asText()).isEqualTo("type");
    Path dir = Files.createTempDirectory("dedicated");
    assertThat(
            create("other", "local_filesystem_dedicated", Map.of("path", dir.toString())).status())
        .isEqualTo(201);
    Http.Response taken =
        create(
            "acme",
            "local_filesystem_dedicated",
            Map.of("path", dir.resolve("..").resolve(dir.getFileName()).toString()));
    assertThat(taken.status()).isEqualTo(422);
    assertThat(taken.body()).contains("another organization");
    assertThat(http.get(STORAGE, admin).json().get("others").size()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void aValidatedBucketIsActivatedWithAReceiptAndFilesMoveThere() throws Exception {
    assertThat(upload("before.txt", "on bundled storage").status()).isEqualTo(200);
    Http.Response r = create("acme", "s3", s3.settings("acme-files", "acme", S3Proxy.SECRET));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().at("/validation/result").asText()).isEqualTo("passed");
    assertThat(r.json().at("/validation/steps").size()).isEqualTo(4);
    assertThat(r.json().at("/settings/bucket").asText()).isEqualTo("acme-files");
    assertThat(r.body()).doesNotContain(S3Proxy.SECRET);
    String id = r.json().get("id").asText();
    String activate = STORAGE + "/bindings/" + id + "/activate";

    Http.Response noReason = http.post(activate, "{}", admin);
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.json().get("field").asText()).isEqualTo("reason");
    assertThat(http.post(activate, Http.json("reason", "x"), member).status()).isEqualTo(403);

    server.clock().advance(Duration.ofMinutes(11));
    assertThat(http.post(activate, Http.json("reason", "own bucket"), admin).status())
        .isEqualTo(409);
    assertThat(http.post(STORAGE + "/bindings/" + id + "/validate", "{}", admin).status())
        .isEqualTo(200);
    Http.Response ok = http.post(activate, Http.json("reason", "own bucket"), admin);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("status").asText()).isEqualTo("active");

    JsonNode storage = http.get(STORAGE, admin).json();
    assertThat(storage.at("/active/type").asText()).isEqualTo("s3");
    assertThat(storage.at("/migrations/0/state").asText()).isEqualTo("pending");
    assertThat(storage.at("/migrations/0/items/total").asInt()).isEqualTo(1);
    assertThat(count("operation_evidence where operation = 'storage.activate'")).isEqualTo(1);
    JsonNode audit =
        http.get("/api/v1/orgs/acme/audit?action=storage.binding_activated", admin).json();
    assertThat(audit.at("/items/0/metadata/to/type").asText()).isEqualTo("s3");
    assertThat(audit.toString()).doesNotContain(S3Proxy.SECRET);

    // during the migration the file is still read from where its metadata says it is
    assertThat(http.get("/api/v1/orgs/acme/files/before.txt", member).body())
        .isEqualTo("on bundled storage");
    assertThat(upload("after.txt", "on s3").status()).isEqualTo(200);
    assertThat(Files.exists(s3.dataDir().resolve("acme-files").resolve("acme"))).isTrue();
    try (var c = server.db().connect(server.db().tenantPrefix() + "acme");
        var rs =
            c.createStatement()
                .executeQuery(
                    "select sealed_secrets, settings::text from storage_bindings where type = 's3' and status = 'active'")) {
      rs.next();
      assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain(S3Proxy.SECRET);
      assertThat(rs.getString(2)).doesNotContain(S3Proxy.SECRET);
    }
  }

  @Test
  @Order(4)
  void whenTheBucketGoesAwayFilesFailClosedAndTheSweepOpensAnIncidentThatRecoveryResolves()
      throws Exception {
    assertThat(http.post(SWEEP, "", installAdmin).json().get("status").asText())
        .isEqualTo("success");
    s3.stop();
    try {
      Http.Response read = http.get("/api/v1/orgs/acme/files/after.txt", member);
      assertThat(read.status()).isEqualTo(503);
      assertThat(read.json().get("type").asText()).endsWith("/storage-unavailable");
      assertThat(upload("during.txt", "refused").status()).isEqualTo(503);
      assertThat(count("security_events where type = 'storageOperationsActiveBindingUnavailable'"))
          .isEqualTo(1);
      assertThat(http.get("/api/v1/orgs/acme/files/during.txt", member).status()).isEqualTo(404);

      JsonNode swept = http.post(SWEEP, "", installAdmin).json();
      assertThat(swept.get("status").asText()).as(swept.toString()).isEqualTo("partial");
      assertThat(count("security_events where type = 'storageOperationsValidationFailed'"))
          .isEqualTo(1);
      assertThat(
              count(
                  "incidents where kind = 'storageBindingUnreachable' and subject = 'org:"
                      + orgId
                      + "' and resolved_at is null"))
          .isEqualTo(1);
      assertThat(metrics()).contains("palisade_storage_bindings_unhealthy 1.0");
    } finally {
      s3.start();
    }
    assertThat(http.post(SWEEP, "", installAdmin).json().get("status").asText())
        .isEqualTo("success");
    assertThat(count("incidents where kind = 'storageBindingUnreachable' and resolved_at is null"))
        .isZero();
    assertThat(http.get("/api/v1/orgs/acme/files/after.txt", member).body()).isEqualTo("on s3");
    assertThat(metrics())
        .contains("palisade_storage_bindings_unhealthy 0.0")
        .contains(
            "palisade_storage_operations_total{backend=\"s3\",operation=\"put\",result=\"ok\"}");
  }

  private String metrics() {
    return http.get("/metrics", null).body();
  }
}
