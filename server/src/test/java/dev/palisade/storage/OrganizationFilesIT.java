package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crypto.Hashes;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Organization files on the bundled storage: upload, download, metadata, listing, rules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationFilesIT {
  private static final String FILES = "/api/v1/orgs/acme/files/";
  private final HttpClient client = HttpClient.newHttpClient();
  private TestServer server;
  private Http http;
  private String member;
  private String auditor;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    String admin = server.installAdmin();
    server.createOrg(admin, "acme");
    member = server.member(admin, "acme", "files@example.com", "member");
    auditor = server.member(admin, "acme", "audits@example.com", "auditor");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String base() {
    return baseUrl();
  }

  private String baseUrl() {
    return "http://127.0.0.1:"
        + server.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(URI.create(base() + path))
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<byte[]> put(String key, byte[] body, String type, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        request(FILES + key, member)
            .header("Content-Type", type)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  private static String sha(byte[] b) {
    return HexFormat.of().formatHex(Hashes.sha256(b));
  }

  @Test
  void anUploadedFileDownloadsWithItsTypeLengthAndSha256() throws Exception {
    byte[] body = "quarterly report".getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> put = put("reports/2026/q1.txt", body, "text/plain");
    assertThat(put.statusCode()).as(new String(put.body())).isEqualTo(200);
    assertThat(new String(put.body())).contains("\"sha256\":\"" + sha(body) + "\"");

    HttpResponse<byte[]> get = send(request(FILES + "reports/2026/q1.txt", auditor).GET());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(body);
    assertThat(get.headers().firstValue("ETag")).contains("\"" + sha(body) + "\"");
    assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(body.length);

    HttpResponse<byte[]> head =
        send(request(FILES + "reports/2026/q1.txt", auditor).method("HEAD", noBody()));
    assertThat(head.statusCode()).as(head.headers().map().toString()).isEqualTo(200);
    assertThat(head.headers().firstValue("ETag")).contains("\"" + sha(body) + "\"");

    Http.Response list = http.get("/api/v1/orgs/acme/files?prefix=reports/", auditor);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().at("/items/0/key").asText()).isEqualTo("reports/2026/q1.txt");
    assertThat(list.json().at("/items/0/size").asLong()).isEqualTo(body.length);
    assertThat(list.json().at("/items/0/contentType").asText()).isEqualTo("text/plain");
    assertThat(list.body()).doesNotContain("objectName").doesNotContain("bindingId");
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }

  @Test
  void aReplacedFileServesTheNewContentAndTheOldObjectIsRemoved() throws Exception {
    assertThat(put("notes.md", new byte[] {1, 2, 3}, "text/markdown").statusCode()).isEqualTo(200);
    byte[] second = new byte[] {9, 8, 7, 6};
    assertThat(put("notes.md", second, "text/markdown").statusCode()).isEqualTo(200);
    assertThat(send(request(FILES + "notes.md", member).GET()).body()).isEqualTo(second);
    assertThat(objectsOnDisk()).isEqualTo(rows());
  }

  @Test
  void aDeletedFileIsGoneWithItsContent() throws Exception {
    assertThat(put("tmp/one", new byte[] {1}, "application/octet-stream").statusCode())
        .isEqualTo(200);
    assertThat(send(request(FILES + "tmp/one", member).DELETE()).statusCode()).isEqualTo(204);
    assertThat(send(request(FILES + "tmp/one", member).GET()).statusCode()).isEqualTo(404);
    assertThat(send(request(FILES + "tmp/one", member).DELETE()).statusCode()).isEqualTo(404);
    assertThat(objectsOnDisk()).isEqualTo(rows());
  }

  @Test
  void aChecksumThatDoesNotMatchStoresNothing() throws Exception {
    byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
    long before = objectsOnDisk();
    HttpResponse<byte[]> wrong =
        put("checked", body, "text/plain", "x-checksum-sha256", sha(new byte[] {0}));
    assertThat(wrong.statusCode()).isEqualTo(422);
    assertThat(new String(wrong.body())).contains("\"field\":\"x-checksum-sha256\"");
    HttpResponse<byte[]> digest =
        put(
            "checked",
            body,
            "text/plain",
            "Digest",
            "sha-256=" + Base64.getEncoder().encodeToString(Hashes.sha256(new byte[] {0})));
    assertThat(digest.statusCode()).isEqualTo(422);
    assertThat(send(request(FILES + "checked", member).GET()).statusCode()).isEqualTo(404);
    assertThat(objectsOnDisk()).isEqualTo(before);
    HttpResponse<byte[]> right =
        put(
            "checked",
            body,
            "text/plain",
            "Digest",
            "sha-256=" + Base64.getEncoder().encodeToString(Hashes.sha256(body)));
    assertThat(right.statusCode()).isEqualTo(200);
  }

  @Test
  void keysOutsideTheRulesAre422NamingTheKey() throws Exception {
    for (String bad : new String[] {"a/%2E%2E/b", "%2Fabs", "tab%09key", "x".repeat(513)}) {
      HttpResponse<byte[]> r = put(bad, new byte[] {1}, "text/plain");
      assertThat(r.statusCode()).as(bad).isEqualTo(422);
      assertThat(new String(r.body())).contains("\"field\":\"key\"");
    }
    assertThat(put("ü".repeat(256), new byte[] {1}, "text/plain").statusCode()).isEqualTo(200);
  }

  @Test
  void auditorsReadButDoNotWrite() throws Exception {
    HttpResponse<byte[]> r =
        send(
            request(FILES + "by-auditor", auditor)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void aLargeUploadStreamsThroughAndIsHashedOnTheWay() throws Exception {
    long size = 96L * 1024 * 1024;
    MessageDigest sent = Hashes.sha256();
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedBody(size, 7, sent)), size);
    HttpResponse<byte[]> put =
        send(
            request(FILES + "big.bin", member)
                .header("Content-Type", "application/x-big")
                .PUT(body));
    assertThat(put.statusCode()).as(new String(put.body())).isEqualTo(200);
    String expected = HexFormat.of().formatHex(sent.digest());
    assertThat(new String(put.body())).contains(expected);
    HttpResponse<InputStream> get =
        client.send(
            request(FILES + "big.bin", member).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest back = Hashes.sha256();
    try (InputStream in = get.body()) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        back.update(buf, 0, n);
      }
    }
    assertThat(HexFormat.of().formatHex(back.digest())).isEqualTo(expected);
  }

  @Test
  void aBodyShorterThanItsLengthStoresNothing() throws Exception {
    long before = objectsOnDisk();
    java.net.Socket s = new java.net.Socket("127.0.0.1", Integer.parseInt(baseUrl().substring(17)));
    try (s) {
      String head =
          "PUT "
              + FILES
              + "short HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + member
              + "\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nonly a little";
      s.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
    }
    dev.palisade.testing.Eventually.until(
        java.time.Duration.ofSeconds(10),
        () ->
            send(request(FILES + "short", member).GET()).statusCode() == 404
                && objectsOnDisk() == before);
  }

  private long objectsOnDisk() throws Exception {
    Path dir = server.home().resolve("storage");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().contains("/objects/"))
          .count();
    }
  }

  private long rows() throws Exception {
    try (var c = server.db().connect(server.db().tenantPrefix() + "acme");
        var rs = c.createStatement().executeQuery("select count(*) from storage_objects")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
