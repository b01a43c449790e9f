package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditReviewAndExportIT {
  private TestServer server;
  private Http http;
  private String admin;
  private Scope chain;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "review");
    Organization org =
        server.context().getBean(Organizations.class).findBySlug("review").orElseThrow();
    chain = Scope.of(org);
    AuditLog log = server.context().getBean(AuditLog.class);
    for (int i = 0; i < 30; i++) {
      log.record(
          chain,
          AuditEvent.by("user", i % 2 == 0 ? "member:alice" : "member:bob")
              .subject(i % 3 == 0 ? "document" : "folder", "obj-" + i)
              .reason(i == 17 ? "quarterly export for the regulator" : "routine " + i)
              .publicMetadata(Map.of("i", i))
              .sealed(Map.of("secret", "value-" + i))
              .action(i % 2 == 0 ? "document.read" : "folder.shared"));
    }
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private List<JsonNode> items(String query) {
    Http.Response r = http.get("/api/v1/orgs/review/audit?" + query, admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("items").forEach(out::add);
    return out;
  }

  @Test
  void filtersByActorActionSubjectTimeAndFreeText() {
    assertThat(items("actor=member:alice&limit=200")).hasSize(15);
    assertThat(items("action=folder&limit=200"))
        .hasSize(15)
        .allSatisfy(e -> assertThat(e.get("action").asText()).isEqualTo("folder.shared"));
    assertThat(items("subjectType=document&subjectId=obj-3")).hasSize(1);
    assertThat(items("q=regulator"))
        .singleElement()
        .satisfies(e -> assertThat(e.at("/subject/id").asText()).isEqualTo("obj-17"));
    assertThat(items("from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z")).isEmpty();
    assertThat(
            http.get("/api/v1/orgs/review/audit?from=yesterday", admin)
                .json()
                .get("field")
                .asText())
        .isEqualTo("from");
    assertThat(
            http.get("/api/v1/orgs/review/audit?sort=sideways", admin).json().get("field").asText())
        .isEqualTo("sort");
  }

  @Test
  void pagesNewestFirstByDefaultAndOldestFirstOnRequest() {
    JsonNode first = http.get("/api/v1/orgs/review/audit?action=document&limit=5", admin).json();
    long top = first.at("/items/0/sequence").asLong();
    JsonNode second =
        http.get(
                "/api/v1/orgs/review/audit?action=document&limit=5&cursor="
                    + first.get("nextCursor").asText(),
                admin)
            .json();
    assertThat(second.at("/items/0/sequence").asLong())
        .isLessThan(first.at("/items/4/sequence").asLong());
    assertThat(top).isGreaterThan(second.at("/items/4/sequence").asLong());
    assertThat(items("sort=oldest&limit=1").get(0).get("sequence").asLong()).isEqualTo(1);
  }

  @Test
  void exportsCsvJsonAndNdjsonThatVerifyOfflineWithThePublishedTool() throws Exception {
    server.context().getBean(Checkpoints.class).flush();
    Http.Response nd = http.get("/api/v1/orgs/review/audit/export?format=ndjson", admin);
    assertThat(nd.status()).isEqualTo(200);
    assertThat(nd.contentType()).startsWith("application/x-ndjson");
    String[] lines = nd.body().split("\n");
    assertThat(lines.length).isGreaterThanOrEqualTo(31);
    Http.Response json = http.get("/api/v1/orgs/review/audit/export?format=json", admin);
    assertThat(json.json().get("entries").size()).isGreaterThanOrEqualTo(31);
    Http.Response csv =
        http.get("/api/v1/orgs/review/audit/export?format=csv&action=folder", admin);
    assertThat(csv.body().split("\r\n")[0]).startsWith("chainId,sequence,id,occurredAt");
    assertThat(csv.body().split("\r\n")).hasSize(16);
    assertThat(http.get("/api/v1/orgs/review/audit/export?format=xml", admin).status())
        .isEqualTo(422);

    Path dir = Files.createTempDirectory("audit-export");
    Files.writeString(dir.resolve("export.ndjson"), nd.body());
    Files.writeString(
        dir.resolve("checkpoints.json"),
        http.get("/api/v1/orgs/review/audit/checkpoints", admin).body());
    assertThat(python(dir, "export.ndjson", "--checkpoints", "checkpoints.json"))
        .startsWith("0:intact");
    String key =
        http.get("/api/v1/install/audit/public-key", null).json().get("publicKey").asText();
    assertThat(
            python(dir, "export.ndjson", "--checkpoints", "checkpoints.json", "--public-key", key))
        .startsWith("0:intact")
        .endsWith("export checkpoint signature checked");
    Files.writeString(dir.resolve("export.json"), json.body());
    assertThat(python(dir, "export.json", "--public-key", key)).startsWith("0:intact");
    List<String> cut = new ArrayList<>(List.of(lines));
    cut.remove(cut.size() - 2);
    Files.write(dir.resolve("cut.ndjson"), cut);
    assertThat(python(dir, "cut.ndjson", "--public-key", key)).startsWith("1:");

    // A segment verifies on its own; an edited line does not.
    List<String> segment = List.of(lines).subList(10, 20);
    Files.write(dir.resolve("segment.ndjson"), segment);
    assertThat(python(dir, "segment.ndjson")).startsWith("1:").contains("tail is not proven");
    assertThat(python(dir, "segment.ndjson", "--segment")).startsWith("0:intact: 10 entries");
    Files.writeString(
        dir.resolve("edited.ndjson"),
        String.join("\n", segment).replaceFirst("routine", "rewritten"));
    assertThat(python(dir, "edited.ndjson", "--segment"))
        .startsWith("1:")
        .contains("content hash mismatch");
  }

  @Test
  void csvCellsThatASpreadsheetWouldEvaluateAreDefused() {
    AuditLog log = server.context().getBean(AuditLog.class);
    log.record(
        chain,
        AuditEvent.by("user", "member:mallory")
            .subject("document", "=HYPERLINK(\"http://evil\")")
            .reason("+cmd|' /C calc'!A0")
            .action("document.renamed"));
    String csv =
        http.get("/api/v1/orgs/review/audit/export?format=csv&action=document.renamed", admin)
            .body();
    String row = csv.split("\r\n")[1];
    assertThat(row).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    assertThat(row).contains("\"'+cmd|' /C calc'!A0\"");
    assertThat(row).doesNotContain(",=HYPERLINK").doesNotContain(",+cmd");
  }

  @Test
  void checkpointSignaturesVerifyWithThePublishedPublicKey() {
    server.context().getBean(Checkpoints.class).flush();
    JsonNode key = http.get("/api/v1/install/audit/public-key", null).json();
    assertThat(key.get("algorithm").asText()).isEqualTo("Ed25519");
    assertThat(key.get("pem").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
    byte[] publicKey = Base64.getDecoder().decode(key.get("publicKey").asText());
    JsonNode cps = http.get("/api/v1/orgs/review/audit/checkpoints", admin).json();
    assertThat(cps.size()).isGreaterThanOrEqualTo(1);
    for (JsonNode cp : cps) {
      assertThat(cp.get("version").asInt()).isEqualTo(2);
      byte[] msg =
          ("palisade-checkpoint-v2\n"
                  + cp.get("chainId").asText()
                  + "\n"
                  + cp.get("number").asLong()
                  + "\n"
                  + cp.get("sequence").asLong()
                  + "\n"
                  + cp.get("chainHash").asText()
                  + "\n"
                  + cp.get("signedAt").asText())
              .getBytes(StandardCharsets.UTF_8);
      assertThat(
              dev.palisade.crypto.Ed25519.verify(
                  publicKey, msg, Base64.getDecoder().decode(cp.get("signature").asText())))
          .isTrue();
      assertThat(cp.get("keyId").asText()).isEqualTo(key.get("keyId").asText());
    }
  }

  @Test
  void sixteenConcurrentWritersLeaveAGaplessIntactChain() throws Exception {
    AuditLog log = server.context().getBean(AuditLog.class);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<AuditEntry>> futures = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      int n = i;
      futures.add(
          pool.submit(
              () ->
                  log.record(
                      chain,
                      AuditEvent.by("system", "system:load")
                          .sealed(Map.of("n", n))
                          .action("load.appended"))));
    }
    Set<Long> sequences = new HashSet<>();
    for (Future<AuditEntry> f : futures) {
      sequences.add(f.get().sequence());
    }
    pool.shutdown();
    assertThat(sequences).hasSize(800);
    Verification v = server.context().getBean(ChainVerifier.class).verify(chain);
    assertThat(v.status()).as(v.toString()).isEqualTo("intact");
  }

  @Test
  void rotationAddsAVersionRewrapsOlderOnesAndOldEntriesStillOpen() {
    JsonNode before = http.get("/api/v1/orgs/review/keys", admin).json();
    int versions = before.get("versions").size();
    Http.Response r = http.post("/api/v1/orgs/review/keys/rotate", "{}", admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("versions").size()).isEqualTo(versions + 1);
    AuditLog log = server.context().getBean(AuditLog.class);
    AuditEntry fresh =
        log.record(
            chain,
            AuditEvent.by("system", "system:test").sealed(Map.of("k", "v")).action("test.sealed"));
    assertThat(fresh.sealedKeyVersion()).isEqualTo(versions + 1);
    JsonNode old = items("sort=oldest&action=document&limit=1").get(0);
    JsonNode opened = http.get("/api/v1/orgs/review/audit/" + old.get("id").asText(), admin).json();
    assertThat(opened.at("/sealedMetadata/secret").asText()).startsWith("value-");
    assertThat(items("action=keys.rotated")).hasSize(1);
    Http.Response verify = http.post("/api/v1/orgs/review/keys/verify", "{}", admin);
    assertThat(verify.json().get("ok").asBoolean()).isTrue();
  }

  @Test
  void anUnknownEntryIs404AndAMalformedIdIs422() {
    assertThat(http.get("/api/v1/orgs/review/audit/" + UUID.randomUUID(), admin).status())
        .isEqualTo(404);
    assertThat(http.get("/api/v1/orgs/review/audit/not-a-uuid", admin).json().get("field").asText())
        .isEqualTo("id");
  }

  /** Runs the offline verifier in {@code dir}: its exit status, a colon, and what it printed. */
  static String python(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("python3");
    cmd.add(
        Path.of("..", "docs", "tools", "verify_audit_export.py")
            .toAbsolutePath()
            .normalize()
            .toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    return p.waitFor() + ":" + out.toString(StandardCharsets.UTF_8).trim();
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
