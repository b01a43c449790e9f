package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.crypto.CanonicalJson;
import dev.palisade.crypto.Ed25519;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import dev.palisade.jobs.JobRun;
import dev.palisade.jobs.JobRunner;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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
 * A backup run on the real PostgreSQL with Debian's pg_dump: the install database and every
 * organization database in directory format under PALISADE_HOME/backups/<id>/, a canonical manifest
 * signed with the install's checkpoint key whose chain heads are entries of the live chains, a
 * receipt, and the password kept off every command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRunsIT {
  static final String BASE = "/api/v1/install/backups";

  private TestServer server;
  private Http http;
  private String admin;
  private String acme;
  private String globex;
  private JsonNode backup;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    acme = server.createOrg(admin, "acme");
    globex = server.createOrg(admin, "globex");
    server.member(admin, "acme", "a@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  /** Starts a backup and waits for it to end. */
  static JsonNode backUp(Http http, String admin) throws Exception {
    // the previous backup's lock is released just after its state is recorded
    Http.Response[] start = new Http.Response[1];
    Eventually.until(
        Duration.ofSeconds(10), () -> (start[0] = http.post(BASE, "", admin)).status() != 409);
    Http.Response r = start[0];
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("state").asText()).isEqualTo("running");
    String id = r.json().get("id").asText();
    JsonNode[] last = new JsonNode[1];
    Eventually.until(
        Duration.ofMinutes(2),
        () -> {
          last[0] = http.get(BASE + "/" + id, admin).json();
          return !last[0].get("state").asText().equals("running");
        });
    return last[0];
  }

  @Test
  @Order(1)
  void aBackupDumpsEveryDatabaseInDirectoryFormat() throws Exception {
    backup = backUp(http, admin);
    assertThat(backup.get("state").asText()).as(backup.toString()).isEqualTo("completed");
    assertThat(backup.get("sizeBytes").asLong()).isPositive();
    assertThat(backup.get("durationMillis").asLong()).isNotNegative();
    assertThat(backup.get("evidenceId").asText()).hasSize(36);
    Path dir = server.home().resolve("backups").resolve(backup.get("id").asText());
    assertThat(backup.get("location").asText()).isEqualTo(dir.toString());
    List<String> names = new ArrayList<>();
    backup.get("databases").forEach(d -> names.add(d.get("name").asText()));
    String prefix = server.db().tenantPrefix();
    assertThat(names).containsExactly(server.db().name(), prefix + "acme", prefix + "globex");
    for (String name : names) {
      assertThat(dir.resolve(name).resolve("toc.dat")).isRegularFile();
    }
    assertThat(backup.at("/databases/1/organizationId").asText()).isEqualTo(acme);
    assertThat(backup.at("/databases/1/role").asText()).isEqualTo("tenant");
    assertThat(backup.at("/databases/0/role").asText()).isEqualTo("install");

    JsonNode list = http.get(BASE, admin).json();
    assertThat(list.at("/items/0/id").asText()).isEqualTo(backup.get("id").asText());
    String member = server.login("a@example.com", TestServer.PASSWORD, "acme");
    assertThat(http.post(BASE, "", member).status()).isEqualTo(403);
    assertThat(http.get(BASE, member).status()).isEqualTo(403);
    assertThat(http.get(BASE + "/not-a-uuid", admin).status()).isEqualTo(422);
  }

  @Test
  @Order(2)
  void theManifestIsCanonicalAndSignedWithTheCheckpointKey() throws Exception {
    Path dir = server.home().resolve("backups").resolve(backup.get("id").asText());
    byte[] bytes = Files.readAllBytes(dir.resolve("manifest.json"));
    JsonNode m = Http.JSON.readTree(bytes);
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap = Http.JSON.readValue(bytes, Map.class);
    assertThat(CanonicalJson.write(asMap)).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    assertThat(m.get("format").asText()).isEqualTo("palisade-backup-1");
    assertThat(m.get("backupId").asText()).isEqualTo(backup.get("id").asText());
    assertThat(m.get("pgDumpVersion").asText()).startsWith("15.");
    assertThat(m.get("postgresServerVersion").asText()).matches("\\d+\\.\\d+.*");
    JsonNode key = http.get("/api/v1/install/audit/public-key", null).json();
    assertThat(m.get("signingKeyId").asText()).isEqualTo(key.get("keyId").asText());
    byte[] publicKey = Base64.getDecoder().decode(m.get("signingPublicKey").asText());
    byte[] sig =
        Base64.getDecoder()
            .decode(
                Files.readString(dir.resolve("manifest.sig"), StandardCharsets.US_ASCII).strip());
    assertThat(Ed25519.verify(publicKey, bytes, sig)).isTrue();
    assertThat(Ed25519.keyId(publicKey)).isEqualTo(key.get("keyId").asText());

    for (JsonNode db : m.get("databases")) {
      Path base = dir.resolve(db.get("directory").asText());
      List<String> onDisk = new ArrayList<>();
      try (Stream<Path> files = Files.walk(base)) {
        files.filter(Files::isRegularFile).forEach(f -> onDisk.add(base.relativize(f).toString()));
      }
      List<String> listed = new ArrayList<>();
      for (JsonNode f : db.get("files")) {
        listed.add(f.get("path").asText());
        Path file = base.resolve(f.get("path").asText());
        assertThat(Files.size(file)).isEqualTo(f.get("size").asLong());
        assertThat(f.get("sha256").asText()).isEqualTo(Backups.sha256(file));
      }
      assertThat(listed).containsExactlyInAnyOrderElementsOf(onDisk);
      assertThat(db.get("schemaVersion").asText()).matches("\\d+");
      JsonNode chain = db.at("/auditChains/0");
      String database = db.get("name").asText();
      String expectedScope =
          db.get("role").asText().equals("install")
              ? "install"
              : "org:" + db.get("organizationId").asText();
      assertThat(chain.get("scope").asText()).isEqualTo(expectedScope);
      long sequence = chain.get("sequence").asLong();
      assertThat(sequence).isPositive();
      try (Connection c = server.db().connect(database);
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "select chain_hash from audit_entries where sequence = " + sequence)) {
        assertThat(rs.next()).isTrue();
        assertThat(HexFormat.of().formatHex(rs.getBytes(1)))
            .isEqualTo(chain.get("chainHash").asText());
      }
    }
    assertThat(m.at("/databases/2/organizationId").asText()).isEqualTo(globex);
  }

  @Test
  @Order(3)
  void eachRunIsAuditedAndGetsASignedReceipt() throws Exception {
    String id = backup.get("id").asText();
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from audit_entries where action = 'backup.started'"
                        + " and subject_id = '"
                        + id
                        + "'"))
        .isEqualTo(1);
    JsonNode receipt =
        http.get("/api/v1/install/evidence/" + backup.get("evidenceId").asText(), admin).json();
    assertThat(receipt.at("/receipt/operation").asText()).isEqualTo("backup.run");
    assertThat(receipt.at("/receipt/outcome").asText()).isEqualTo("succeeded");
    assertThat(receipt.get("document").asText()).contains(id);
  }

  @Test
  @Order(4)
  void theDatabaseBackupJobRunsTheSameBackup() throws Exception {
    JobRun run =
        server
            .context()
            .getBean(JobRunner.class)
            .runAndWait("database-backup", JobContext.Trigger.MANUAL, "test")
            .orElseThrow();
    assertThat(run.status()).as(run.summary()).isEqualTo(JobResult.Status.SUCCESS);
    assertThat(run.summary()).contains("completed: 3 database(s)");
    JsonNode newest = http.get(BASE, admin).json().at("/items/0");
    assertThat(newest.get("trigger").asText()).isEqualTo("manual");
    assertThat(newest.get("requestedBy").asText()).isEqualTo("system:job:database-backup");
    assertThat(newest.get("state").asText()).isEqualTo("completed");
  }

  @Test
  @Order(5)
  void theSettingsHaveTheirDefaults() {
    BackupConfig c = server.context().getBean(BackupConfig.class);
    assertThat(c.directory()).isNull();
    assertThat(c.pgDump()).isEqualTo("/usr/bin/pg_dump");
    assertThat(c.pgRestore()).isEqualTo("/usr/bin/pg_restore");
    assertThat(c.jobs()).isEqualTo(2);
    assertThat(c.keep()).isEqualTo(7);
    assertThat(c.keepWithin()).isEqualTo(Duration.ofDays(7));
    assertThat(c.validateAfterBackup()).isFalse();
    assertThat(c.validationDatabaseUrl()).isNull();
    assertThat(c.validateWait()).isEqualTo(Duration.ofSeconds(20));
    assertThat(server.context().getBean(Backups.class).cadence()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  @Order(6)
  void thePasswordNeverReachesACommandLine() throws Exception {
    PgTarget t =
        PgTarget.of(
            "jdbc:postgresql://db.example:6543/palisade?user=svc&password=s3cr%3At&sslmode=require",
            new java.util.Properties());
    assertThat(t.host()).isEqualTo("db.example");
    assertThat(t.port()).isEqualTo(6543);
    assertThat(t.password()).isEqualTo("s3cr:t");
    assertThat(t.passfileLine()).isEqualTo("db.example:6543:*:svc:s3cr\\:t\n");
    assertThat(t.env()).containsEntry("PGSSLMODE", "require");
    assertThat(String.join(" ", PgTools.connection(t, "x"))).doesNotContain("s3cr");
    assertThat(t.toString()).doesNotContain("s3cr");
  }
}
