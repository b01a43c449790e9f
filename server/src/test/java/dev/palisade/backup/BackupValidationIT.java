package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.audit.ChainRewrite;
import dev.palisade.audit.Checkpoints;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Restore validation with the real pg_restore into scratch databases: a good backup passes every
 * step and leaves no scratch database behind; a flipped byte fails the checksums naming the file,
 * an edited manifest fails its signature, and a backup of a chain rewritten (consistently rehashed)
 * before the dump fails the comparison with the live chain. Failures raise an event and open the
 * backupUnverified incident, which a passing validation resolves; scratch databases a stopped
 * server left are dropped at the next start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupValidationIT {
  private static final Map<String, Object> SETTINGS = Map.of("palisade.backup.validate-wait", "3m");

  private TestServer server;
  private Http http;
  private String admin;
  private String acmeDb;

  @BeforeAll
  void start() {
    server = TestServer.start(SETTINGS);
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    server.member(admin, "acme", "a@example.com", "admin");
    server.createOrg(admin, "globex");
    acmeDb = server.db().tenantPrefix() + "acme";
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    server.db().close(); // a restarted server does not own its database
  }

  private Http.Response validate(String id) {
    return http.post(BackupRunsIT.BASE + "/" + id + "/validate", "", admin);
  }

  private Path dir(JsonNode backup) {
    return server.home().resolve("backups").resolve(backup.get("id").asText());
  }

  private long scratchDatabases() throws Exception {
    return server
        .db()
        .count("select count(*) from pg_database where datname like 'palisade\\_restorecheck\\_%'");
  }

  /** The step {@code name} of {@code database} in the validation {@code v}. */
  static JsonNode step(JsonNode v, String name, String database) {
    for (JsonNode s : v.get("steps")) {
      if (s.get("name").asText().equals(name) && s.get("database").asText().equals(database)) {
        return s;
      }
    }
    throw new AssertionError("no step " + name + " of " + database + " in " + v);
  }

  private static List<String> steps(JsonNode v, String result) {
    List<String> out = new ArrayList<>();
    v.get("steps")
        .forEach(
            s -> {
              if (s.get("result").asText().equals(result)) {
                out.add(
                    s.get("name").asText()
                        + (s.get("database").isNull() ? "" : "@" + s.get("database").asText()));
              }
            });
    return out;
  }

  @Test
  @Order(1)
  void aGoodBackupRestoresAndPassesEveryStep() throws Exception {
    server.context().getBean(Checkpoints.class).flush();
    JsonNode backup = BackupRunsIT.backUp(http, admin);
    Http.Response r = validate(backup.get("id").asText());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode v = r.json();
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("passed");
    assertThat(steps(v, "failed")).isEmpty();
    assertThat(steps(v, "passed"))
        .contains("signature", "checksums", "cleanup")
        .contains("restore@" + acmeDb, "schema@" + acmeDb, "chain@" + acmeDb)
        .contains("liveHead@" + acmeDb, "unseal@" + acmeDb)
        .contains("restore@" + server.db().name(), "liveHead@" + server.db().name());
    assertThat(v.get("restoreMillis").asLong()).isPositive();
    assertThat(step(v, "chain", acmeDb).get("detail").asText())
        .contains("intact")
        .contains(" 1 signed checkpoint(s) checked");
    assertThat(v.get("backupAgeMillis").asLong()).isNotNegative();
    assertThat(scratchDatabases()).isZero();
    JsonNode stored =
        http.get(BackupRunsIT.BASE + "/" + backup.get("id").asText() + "/validation", admin).json();
    assertThat(stored.get("id").asText()).isEqualTo(v.get("id").asText());
    assertThat(
            http.get(BackupRunsIT.BASE + "/" + backup.get("id").asText(), admin)
                .json()
                .at("/validation/state")
                .asText())
        .isEqualTo("passed");
    String metrics = http.get("/metrics", null).body();
    assertThat(metrics)
        .contains("palisade_restore_validation_last_success_timestamp_seconds ")
        .contains("palisade_restore_validation_duration_seconds ")
        .doesNotContain("palisade_restore_validation_last_success_timestamp_seconds NaN");
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from audit_entries where action ="
                        + " 'backup.validation_requested'"))
        .isEqualTo(1);
  }

  @Test
  @Order(2)
  void aFlippedByteInADumpFileFailsTheChecksumsNamingTheFile() throws Exception {
    JsonNode backup = BackupRunsIT.backUp(http, admin);
    Path db = dir(backup).resolve(acmeDb);
    Path file = BackupTampering.flipAByteOfTheLargestDataFile(db);
    JsonNode v = validate(backup.get("id").asText()).json();
    assertThat(v.get("state").asText()).isEqualTo("failed");
    assertThat(v.get("failedStep").asText()).isEqualTo("checksums");
    assertThat(v.get("detail").asText())
        .contains(acmeDb + "/" + file.getFileName())
        .contains("SHA-256 does not match");
    assertThat(steps(v, "passed")).contains("signature").doesNotContain("restore@" + acmeDb);
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from security_events where type = 'backupValidationFailed'"
                        + " and reason like '%checksums%'"))
        .isEqualTo(1);
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from incidents where kind = 'backupUnverified'"
                        + " and resolved_at is null"))
        .isEqualTo(1);
  }

  @Test
  @Order(3)
  void anEditedManifestFailsItsSignature() throws Exception {
    JsonNode backup = BackupRunsIT.backUp(http, admin);
    Path manifest = dir(backup).resolve("manifest.json");
    String text = Files.readString(manifest, StandardCharsets.UTF_8);
    String edited = text.replaceFirst("\"schemaVersion\":\"(\\d+)\"", "\"schemaVersion\":\"1\"");
    assertThat(edited).isNotEqualTo(text);
    Files.writeString(manifest, edited, StandardCharsets.UTF_8);
    JsonNode v = validate(backup.get("id").asText()).json();
    assertThat(v.get("state").asText()).isEqualTo("failed");
    assertThat(v.get("failedStep").asText()).isEqualTo("signature");
    assertThat(v.get("detail").asText()).contains("does not verify");
    assertThat(steps(v, "passed")).containsExactly("cleanup");
  }

  @Test
  @Order(4)
  void aChainRewrittenAndRehashedBeforeTheDumpFailsTheLiveHeadComparison() throws Exception {
    ChainRewrite rewrite;
    String chainId = "org:" + http.get("/api/v1/orgs/acme", admin).json().get("id").asText();
    // entries after the newest signed checkpoint: only the comparison with the live chain can tell
    long signed = server.db().countIn(acmeDb, "select max(sequence) from audit_entries");
    server.member(admin, "acme", "b@example.com", "member");
    try (Connection c = server.db().connect(acmeDb)) {
      rewrite = ChainRewrite.rewrite(c, chainId, signed + 1, "forged before the backup");
    }
    JsonNode backup;
    try {
      backup = BackupRunsIT.backUp(http, admin);
    } finally {
      try (Connection c = server.db().connect(acmeDb)) {
        rewrite.undo(c);
      }
    }
    assertThat(backup.get("state").asText()).isEqualTo("completed");
    JsonNode v = validate(backup.get("id").asText()).json();
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("failed");
    assertThat(v.get("failedStep").asText()).isEqualTo("liveHead");
    assertThat(v.get("failedDatabase").asText()).isEqualTo(acmeDb);
    assertThat(v.get("detail").asText()).contains("another chain hash");
    // the forged chain is consistent in itself: the normal verifier passes it
    assertThat(steps(v, "passed")).contains("checksums", "chain@" + acmeDb);
    assertThat(scratchDatabases()).isZero();
  }

  @Test
  @Order(5)
  void aPassingValidationResolvesTheIncident() throws Exception {
    JsonNode backup = BackupRunsIT.backUp(http, admin);
    assertThat(validate(backup.get("id").asText()).json().get("state").asText())
        .isEqualTo("passed");
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from incidents where kind = 'backupUnverified'"
                        + " and resolved_at is null"))
        .isZero();
  }

  @Test
  @Order(6)
  void scratchDatabasesLeftByAStoppedServerAreDroppedAtTheNextStart() throws Exception {
    String installId;
    try (Connection c = server.db().connect();
        var rs = c.createStatement().executeQuery("select install_id from install_state")) {
      rs.next();
      installId = rs.getString(1);
    }
    String leftover =
        RestoreValidations.PREFIX + installId.replace("-", "").substring(0, 12) + "_0badf00d";
    String foreign = RestoreValidations.PREFIX + "000000000000_0badf00d";
    server.stop();
    try (Connection c = server.db().connect()) {
      c.createStatement().execute("create database " + leftover);
      c.createStatement()
          .execute(
              "comment on database " + leftover + " is 'palisade-restorecheck:" + installId + "'");
      c.createStatement().execute("create database " + foreign);
    }
    try {
      server = TestServer.restart(server.db(), server.home(), SETTINGS);
      http = server.http();
      assertThat(
              server
                  .db()
                  .count("select count(*) from pg_database where datname = '" + leftover + "'"))
          .isZero();
      assertThat(
              server
                  .db()
                  .count("select count(*) from pg_database where datname = '" + foreign + "'"))
          .as("another install's scratch database is left alone")
          .isEqualTo(1);
    } finally {
      try (Connection c = server.db().connect()) {
        c.createStatement().execute("drop database if exists " + foreign);
        c.createStatement().execute("drop database if exists " + leftover);
      }
    }
  }
}
