package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.crypto.Hashes;
import dev.palisade.storage.S3Proxy;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Exports of an organization's audit log to its storage binding: a bundle on bundled storage and on
 * an S3 bucket (s3proxy with signature checking) that the offline verifier accepts, and rejects
 * once a byte of it changed; the list; bad input and an unreachable bucket, which write and record
 * nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditExportToStorageIT {
  private static final String EXPORTS = "/api/v1/orgs/acme/audit/exports";
  private S3Proxy s3;
  private TestServer server;
  private Http http;
  private String admin;
  private String member;
  private String publicKey;
  private Path work;

  @BeforeAll
  void start() throws Exception {
    s3 = S3Proxy.start("acme-audit");
    server = TestServer.start(Map.of("palisade.net.allow", "127.0.0.1/32"));
    http = server.http();
    String installAdmin = server.installAdmin();
    server.createOrg(installAdmin, "acme");
    admin = server.member(installAdmin, "acme", "auditor@example.com", "admin");
    member = server.member(installAdmin, "acme", "plain@example.com", "member");
    publicKey = http.get("/api/v1/install/audit/public-key", null).json().get("publicKey").asText();
    work = Files.createTempDirectory("audit-bundles");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    s3.close();
  }

  private Http.Response export(String body) {
    return http.post(EXPORTS, body, admin);
  }

  private Path download(JsonNode bundle, String name) throws Exception {
    byte[] zip = http.bytes(EXPORTS + "/" + bundle.get("id").asText() + "/bundle", admin);
    assertThat(zip).hasSize(bundle.get("size").asInt());
    assertThat(HexFormat.of().formatHex(Hashes.sha256(zip)))
        .isEqualTo(bundle.get("sha256").asText());
    return Files.write(work.resolve(name), zip);
  }

  private String verify(Path bundle) throws Exception {
    return AuditReviewAndExportIT.python(
        work, bundle.getFileName().toString(), "--public-key", publicKey);
  }

  private int exportedEntries() {
    return http.get("/api/v1/orgs/acme/audit?action=audit.exported&limit=200", admin)
        .json()
        .get("items")
        .size();
  }

  private long staged() throws Exception {
    Path dir = server.home().resolve("audit-export-staging");
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  @Order(1)
  void aBundleOnBundledStorageVerifiesOfflineAndFailsOnceAByteChanged() throws Exception {
    Http.Response r = export(Http.json("format", "ndjson"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode b = r.json();
    assertThat(b.get("objectKey").asText())
        .isEqualTo("audit-exports/" + b.get("id").asText() + ".zip");
    assertThat(b.get("entries").asLong()).isGreaterThan(2);
    assertThat(b.get("requester").asText()).startsWith("member:");
    assertThat(staged()).isZero();
    Path zip = download(b, "bundled.zip");
    assertThat(verify(zip)).startsWith("0:bundle " + b.get("id").asText() + " intact: ");
    assertThat(verify(zip)).contains("export checkpoint signature checked");

    byte[] bytes = Files.readAllBytes(zip);
    bytes[bytes.length / 3] ^= 0x01;
    Path flipped = Files.write(work.resolve("flipped.zip"), bytes);
    assertThat(verify(flipped)).startsWith("1:");

    Path wrongKey = work.resolve("bundled.zip");
    String other =
        java.util.Base64.getEncoder().encodeToString(dev.palisade.crypto.Ed25519.generate()[1]);
    assertThat(
            AuditReviewAndExportIT.python(
                work, wrongKey.getFileName().toString(), "--public-key", other))
        .startsWith("1:the bundle's public key is not the one given");
  }

  @Test
  @Order(2)
  void anEntryChangedInsideTheBundleWithItsManifestRewrittenFailsTheChain() throws Exception {
    JsonNode b = export(Http.json("format", "json")).json();
    Map<String, byte[]> files = unzip(Files.readAllBytes(download(b, "json.zip")));
    ObjectNode doc = (ObjectNode) Http.JSON.readTree(files.get("export.json"));
    ((ObjectNode) doc.get("entries").get(1)).put("action", "member.quietly_changed");
    files.put("export.json", Http.JSON.writeValueAsBytes(doc));
    ObjectNode manifest = (ObjectNode) Http.JSON.readTree(files.get("manifest.json"));
    for (JsonNode f : manifest.get("files")) {
      byte[] content = files.get(f.get("name").asText());
      ((ObjectNode) f).put("size", content.length);
      ((ObjectNode) f).put("sha256", HexFormat.of().formatHex(Hashes.sha256(content)));
    }
    files.put("manifest.json", Http.JSON.writeValueAsBytes(manifest));
    Path rewritten = Files.write(work.resolve("rewritten.zip"), zip(files));
    assertThat(verify(rewritten)).startsWith("1:entry 2: content hash mismatch");
  }

  @Test
  @Order(3)
  void theListShowsEachBundleNewestFirstAndTheExportsAreAudited() {
    JsonNode items = http.get(EXPORTS, admin).json().get("items");
    assertThat(items).hasSize(2);
    JsonNode newest = items.get(0);
    assertThat(newest.get("format").asText()).isEqualTo("json");
    assertThat(items.get(1).get("format").asText()).isEqualTo("ndjson");
    for (String field :
        List.of(
            "id", "createdAt", "filters", "objectKey", "size", "sha256", "entries", "requester")) {
      assertThat(newest.has(field)).as(field).isTrue();
    }
    assertThat(newest.toString()).doesNotContain("bindingId");
    JsonNode audited =
        http.get("/api/v1/orgs/acme/audit?action=audit.exported", admin).json().get("items");
    assertThat(audited.get(0).at("/metadata/exportId").asText())
        .isEqualTo(newest.get("id").asText());
    assertThat(audited.get(0).at("/metadata/destination").asText()).isEqualTo("storage");
    assertThat(http.get(EXPORTS, member).status()).isEqualTo(403);
    assertThat(http.post(EXPORTS, "{}", member).status()).isEqualTo(403);
  }

  @Test
  @Order(4)
  void badInputNamesTheFieldAndWritesNothing() throws Exception {
    int audited = exportedEntries();
    assertField(export(Http.json("format", "csv")), 422, "format");
    assertField(export(Http.json("format", "xml")), 422, "format");
    assertField(export(Http.json("filters", Map.of("colour", "red"))), 400, "filters.colour");
    assertField(export(Http.json("filters", Map.of("from", "yesterday"))), 422, "filters.from");
    assertField(export(Http.json("filters", Map.of("actor", 5))), 422, "filters.actor");
    assertField(export(Http.json("filters", Map.of("q", "x".repeat(201)))), 422, "filters.q");
    assertField(export(Http.json("format", "ndjson", "target", "s3")), 400, "target");
    assertThat(http.get(EXPORTS, admin).json().get("items")).hasSize(2);
    assertThat(exportedEntries()).isEqualTo(audited);
    assertThat(staged()).isZero();
  }

  private static void assertField(Http.Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("field").asText()).isEqualTo(field);
  }

  @Test
  @Order(5)
  void aFilteredBundleOnAnS3BucketVerifiesOffline() throws Exception {
    Http.Response created =
        http.post(
            "/api/v1/orgs/acme/storage/bindings",
            Http.json("type", "s3", "settings", s3.settings("acme-audit", "acme", S3Proxy.SECRET)),
            admin);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Http.Response activated =
        http.post(
            "/api/v1/orgs/acme/storage/bindings/" + created.json().get("id").asText() + "/activate",
            Http.json("reason", "audit exports to our bucket"),
            admin);
    assertThat(activated.status()).as(activated.body()).isEqualTo(200);

    Http.Response r = export(Http.json("format", "ndjson", "filters", Map.of("action", "member.")));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode b = r.json();
    assertThat(b.at("/filters/action").asText()).isEqualTo("member.");
    int members =
        http.get("/api/v1/orgs/acme/audit?action=member.&limit=200", admin)
            .json()
            .get("items")
            .size();
    assertThat(members).isGreaterThan(1);
    assertThat(b.get("entries").asInt()).isEqualTo(members);
    Path object =
        s3.dataDir().resolve("acme-audit").resolve("acme").resolve(b.get("objectKey").asText());
    assertThat(object).isRegularFile().hasSize(b.get("size").asLong());
    Path zip = download(b, "s3.zip");
    assertThat(verify(zip))
        .startsWith("0:bundle " + b.get("id").asText() + " intact: " + members + " entries");
    Map<String, byte[]> files = unzip(Files.readAllBytes(zip));
    assertThat(files.keySet())
        .containsExactly("export.ndjson", "checkpoints.json", "public-key.json", "manifest.json");
    assertThat(new String(files.get("manifest.json"), StandardCharsets.UTF_8))
        .contains("\"bundle\":\"palisade-audit-bundle-v1\"")
        .doesNotContain(S3Proxy.SECRET);

    byte[] bytes = Files.readAllBytes(object);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(object, bytes);
    Path flipped = Files.write(work.resolve("s3-flipped.zip"), bytes);
    assertThat(verify(flipped)).startsWith("1:");
  }

  @Test
  @Order(6)
  void anUnreachableBucketIs503AndNothingIsRecorded() throws Exception {
    int audited = exportedEntries();
    int listed = http.get(EXPORTS, admin).json().get("items").size();
    s3.stop();
    try {
      Http.Response r = export(Http.json("format", "ndjson"));
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.json().get("type").asText()).endsWith("/storage-unavailable");
      assertThat(r.body()).doesNotContain(S3Proxy.SECRET).doesNotContain("127.0.0.1");
      assertThat(http.get(EXPORTS, admin).json().get("items")).hasSize(listed);
      assertThat(exportedEntries()).isEqualTo(audited);
      assertThat(staged()).isZero();
      assertThat(
              server
                  .db()
                  .count(
                      "select count(*) from security_events"
                          + " where type = 'storageOperationsActiveBindingUnavailable'"))
          .isGreaterThanOrEqualTo(1);
    } finally {
      s3.start();
    }
    assertThat(export(Http.json("format", "ndjson")).status()).isEqualTo(201);
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  private static byte[] zip(Map<String, byte[]> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
