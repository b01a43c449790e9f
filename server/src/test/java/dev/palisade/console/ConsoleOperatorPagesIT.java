package dev.palisade.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.storage.S3Proxy;
import dev.palisade.syslog.Rsyslog;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator pages in a real browser against one real server on real PostgreSQL: an
 * organization's storage (a dedicated directory added, activated and its migration cancelled
 * through the page), as an install admin and as an auditor who may only read; the install's backups
 * (one run from the page with Debian's pg_dump, then test-restored).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleOperatorPagesIT {
  /** A directory whose name is markup: the page must show it as text. */
  static final String MARKUP_DIR = "<img src=x onerror=alert(1)>";

  /** An RFC 5424 APP-NAME (printable ASCII, no spaces) that is markup. */
  static final String MARKUP_APP = "<b>bold</b>";

  static final int FILES = 3;

  private TestServer server;
  private Http http;
  private String admin;
  private String base;
  private Path dedicated;
  private Rsyslog relay;
  private S3Proxy s3;
  private int closedPort;
  private final Map<String, Object> expect = new LinkedHashMap<>();

  @BeforeAll
  void seed() throws Exception {
    // a test restore answers 202 at once, so the page has to read the validation until it ends
    relay = Rsyslog.start();
    s3 = S3Proxy.start("globex-files");
    server =
        TestServer.start(
            Map.of(
                "palisade.backup.validate-wait", "1ms",
                "palisade.net.allow", "127.0.0.1/32",
                "palisade.syslog.poll-interval", "100ms",
                "palisade.syslog.connect-timeout", "2s"));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    server.createOrg(admin, "globex");
    server.member(admin, "acme", "audra@example.com", "auditor");
    for (int i = 0; i < FILES; i++) {
      Http.Response put =
          http.sendAs(
              "PUT",
              "/api/v1/orgs/acme/files/reports/r" + i + ".txt",
              "report " + i,
              Map.of("Authorization", "Bearer " + admin, "Content-Type", "text/plain"));
      assertThat(put.status()).as(put.body()).isEqualTo(200);
    }
    dedicated =
        Files.createDirectories(Files.createTempDirectory("acme-files").resolve(MARKUP_DIR));
    base = "http://127.0.0.1:" + server.context().getBean(EmbeddedServer.class).getPort();
    expect.put("storage", Map.of("org", "acme", "path", dedicated.toString(), "files", FILES));
    Map<String, Object> bucket = new LinkedHashMap<>();
    bucket.put("org", "globex");
    bucket.put("endpoint", s3.endpoint());
    bucket.put("bucket", "globex-files");
    bucket.put("region", S3Proxy.REGION);
    bucket.put("accessKeyId", S3Proxy.ACCESS_KEY);
    bucket.put("secret", S3Proxy.SECRET);
    bucket.put("wrongSecret", "not-the-secret-Zq81");
    expect.put("s3", bucket);
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    expect.put(
        "syslog",
        Map.of(
            "port", relay.tcpPort, "appName", MARKUP_APP, "closedPort", closedPort, "org", "acme"));
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    relay.close();
    s3.close();
  }

  @Test
  @Order(1)
  void anAdminAddsActivatesAndCancelsTheMigrationThroughTheStoragePage() {
    new ConsoleBrowser(base, TestServer.ADMIN_EMAIL, TestServer.PASSWORD, "")
        .run("storage", expect);
    JsonNode storage = http.get("/api/v1/orgs/acme/storage", admin).json();
    assertThat(storage.at("/active/type").asText()).isEqualTo("local_filesystem_dedicated");
    assertThat(storage.at("/active/settings/path").asText()).isEqualTo(dedicated.toString());
    assertThat(storage.at("/migrations/0/state").asText()).isEqualTo("cancelled");
    assertThat(storage.at("/migrations/0/items/total").asInt()).isEqualTo(FILES);
  }

  @Test
  @Order(2)
  void anAuditorReadsTheStoragePageWithoutActions() {
    new ConsoleBrowser(base, "audra@example.com", TestServer.PASSWORD, "acme")
        .run("storageReadOnly", expect);
  }

  @Test
  @Order(3)
  void anAdminRunsABackupAndTestsItsRestoreFromTheBackupsPage() {
    new ConsoleBrowser(base, TestServer.ADMIN_EMAIL, TestServer.PASSWORD, "")
        .run("backups", expect, this::backupEnded);
    JsonNode newest = http.get("/api/v1/install/backups", admin).json().at("/items/0");
    assertThat(newest.get("state").asText()).isEqualTo("completed");
    assertThat(newest.at("/validation/state").asText()).isEqualTo("passed");
    assertThat(newest.at("/validation/trigger").asText()).isEqualTo("manual");
  }

  /** Answers the backups scenario once the backup it started has ended. */
  private String backupEnded(String question) {
    assertThat(question).isEqualTo("backup ended");
    try {
      Eventually.until(
          Duration.ofMinutes(2),
          () ->
              !http.get("/api/v1/install/backups", admin)
                  .json()
                  .at("/items/0/state")
                  .asText()
                  .equals("running"));
    } catch (Exception e) {
      throw new AssertionError("the backup did not end", e);
    }
    return "ended";
  }

  @Test
  @Order(4)
  void anAdminSetsTheSyslogDestinationAndTheRelayReceivesTheTestMessage() throws Exception {
    JsonNode r =
        new ConsoleBrowser(base, TestServer.ADMIN_EMAIL, TestServer.PASSWORD, "")
            .run("syslog", expect, this::syslogDelivered);
    String nonce = r.get("nonce").asText();
    assertThat(nonce).isNotBlank();
    Eventually.until(
        Duration.ofSeconds(20),
        () ->
            relay.received().stream()
                .anyMatch(n -> nonce.equals(n.at("/sd/palisade@32473/nonce").asText())));
    JsonNode install = http.get("/api/v1/install/syslog", admin).json();
    assertThat(install.at("/settings/appName").asText()).isEqualTo(MARKUP_APP);
    JsonNode org = http.get("/api/v1/orgs/acme/syslog", admin).json();
    assertThat(org.at("/settings/port").asInt()).isEqualTo(closedPort);
  }

  /** Answers the syslog scenario once the forwarder delivered to the relay and holds it open. */
  private String syslogDelivered(String question) {
    assertThat(question).isEqualTo("syslog delivered");
    try {
      Eventually.until(
          Duration.ofSeconds(30),
          () -> {
            JsonNode state = http.get("/api/v1/install/syslog", admin).json().get("state");
            return state.get("connected").asBoolean() && !state.get("lastDeliveryAt").isNull();
          });
    } catch (Exception e) {
      throw new AssertionError("the forwarder did not deliver", e);
    }
    return "delivered";
  }

  @Test
  @Order(5)
  void anAdminAddsAnS3BucketWhoseSecretThePageNeverShows() {
    new ConsoleBrowser(base, TestServer.ADMIN_EMAIL, TestServer.PASSWORD, "")
        .run("storageS3", expect);
    JsonNode others = http.get("/api/v1/orgs/globex/storage", admin).json().get("others");
    assertThat(others.toString()).doesNotContain(S3Proxy.SECRET).contains("globex-files");
    assertThat(others.findValuesAsText("result")).contains("failed", "passed");
  }
}
