package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged jar's {@code restore} command on the real PostgreSQL with Debian's pg_restore, on a
 * backup of an install with two organizations (the server stopped, as the runbook says): it refuses
 * existing databases without {@code --replace} and writes nothing, refuses an unknown database, a
 * tampered dump file and an edited manifest before restoring anything, restores one database with
 * {@code --database} leaving the others alone, and replaces one with {@code --replace}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreCommandIT {
  private TestServer server;
  private Path backup;
  private String acmeDb;
  private String globexDb;
  private long acmeHead;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start();
    String admin = server.installAdmin();
    server.createOrg(admin, "acme");
    server.createOrg(admin, "globex");
    server.member(admin, "acme", "a@example.com", "admin");
    JsonNode b = BackupRunsIT.backUp(server.http(), admin);
    assertThat(b.get("state").asText()).as(b.toString()).isEqualTo("completed");
    backup = Path.of(b.get("location").asText());
    acmeDb = server.db().tenantPrefix() + "acme";
    globexDb = server.db().tenantPrefix() + "globex";
    acmeHead = server.db().countIn(acmeDb, "select max(sequence) from audit_entries");
    server.stop();
    // what was written after the backup: a restore must keep it unless it replaces that database
    for (String db : new String[] {server.db().name(), acmeDb, globexDb}) {
      execute(db, "create table written_after_backup (x int)");
    }
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  @Order(1)
  void refusesExistingDatabasesWithoutReplaceAndWritesNothing() throws Exception {
    ServerProcess.Ended r = RestoreRun.restore(server.db(), server.home(), "--backup", dir());
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(73);
    assertThat(r.stderr())
        .contains("refused: database(s) " + server.db().name() + ", " + acmeDb + ", " + globexDb)
        .contains("exist on the server; nothing was restored")
        .contains("--replace");
    assertThat(r.stdout()).contains("manifest signature verified").doesNotContain("restoring");
    assertWrittenAfterBackupIn(server.db().name(), acmeDb, globexDb);
    assertThat(stagingDatabases()).isZero();
  }

  @Test
  @Order(2)
  void refusesADatabaseTheBackupDoesNotHold() throws Exception {
    ServerProcess.Ended r =
        RestoreRun.restore(server.db(), server.home(), "--backup", dir(), "--database", "nosuch");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(64);
    assertThat(r.stderr()).contains("the backup holds no database nosuch").contains(acmeDb);
    assertThat(stagingDatabases()).isZero();
  }

  @Test
  @Order(3)
  void refusesATamperedDumpFileBeforeRestoringAnything() throws Exception {
    drop(acmeDb);
    Path copy = copyOfBackup();
    Path file = BackupTampering.flipAByteOfTheLargestDataFile(copy.resolve(acmeDb));
    ServerProcess.Ended r =
        RestoreRun.restore(
            server.db(), server.home(), "--backup", copy.toString(), "--database", acmeDb);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(65);
    assertThat(r.stderr())
        .contains(acmeDb + "/" + file.getFileName() + ": its SHA-256 does not match the manifest")
        .contains("nothing was restored");
    assertThat(exists(acmeDb)).isFalse();
    assertThat(stagingDatabases()).isZero();
  }

  @Test
  @Order(4)
  void refusesAnEditedManifestBeforeRestoringAnything() throws Exception {
    Path copy = copyOfBackup();
    Path manifest = copy.resolve("manifest.json");
    String text = Files.readString(manifest, StandardCharsets.UTF_8);
    Files.writeString(
        manifest,
        text.replace("\"palisadeVersion\":\"", "\"palisadeVersion\":\"9"),
        StandardCharsets.UTF_8);
    ServerProcess.Ended r =
        RestoreRun.restore(
            server.db(), server.home(), "--backup", copy.toString(), "--database", acmeDb);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(65);
    assertThat(r.stderr()).contains("the signature in manifest.sig does not verify");
    assertThat(exists(acmeDb)).isFalse();
    assertThat(stagingDatabases()).isZero();
  }

  @Test
  @Order(5)
  void restoresOnlyTheNamedDatabase() throws Exception {
    ServerProcess.Ended r =
        RestoreRun.restore(server.db(), server.home(), "--backup", dir(), "--database", acmeDb);
    assertThat(r.exitCode()).as(r.stderr() + r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("trusted checkpoint key: ")
        .contains("from the install database")
        .contains("restoring " + acmeDb + " (organization acme)")
        .contains("created " + acmeDb)
        .contains("restored 1 database(s)")
        .doesNotContain("restoring " + globexDb);
    assertThat(server.db().countIn(acmeDb, "select max(sequence) from audit_entries"))
        .isEqualTo(acmeHead);
    assertThat(tableExists(acmeDb)).isFalse();
    assertWrittenAfterBackupIn(server.db().name(), globexDb);
    assertThat(stagingDatabases()).isZero();
  }

  @Test
  @Order(6)
  void replacesAnExistingDatabaseWithReplace() throws Exception {
    execute(acmeDb, "create table written_after_backup (x int)");
    ServerProcess.Ended r =
        RestoreRun.restore(
            server.db(), server.home(), "--backup", dir(), "--database", acmeDb, "--replace");
    assertThat(r.exitCode()).as(r.stderr() + r.stdout()).isZero();
    assertThat(r.stdout()).contains("replaced " + acmeDb);
    assertThat(tableExists(acmeDb)).isFalse();
    assertThat(server.db().countIn(acmeDb, "select max(sequence) from audit_entries"))
        .isEqualTo(acmeHead);
    assertWrittenAfterBackupIn(server.db().name(), globexDb);
    assertThat(stagingDatabases()).isZero();
  }

  @Test
  @Order(7)
  void theServerStartsOnTheRestoredDatabaseAndAMemberSignsIn() throws Exception {
    TestServer restarted = TestServer.restart(server.db(), server.home(), java.util.Map.of());
    try {
      assertThat(restarted.login("a@example.com", TestServer.PASSWORD, "acme")).isNotBlank();
    } finally {
      restarted.stop();
    }
  }

  @Test
  @Order(8)
  void withoutTheInstallDatabaseTheSavedKeyIsRequired() throws Exception {
    drop(globexDb);
    try (Connection c = java.sql.DriverManager.getConnection(server.db().urlOf("postgres"));
        Statement st = c.createStatement()) {
      st.execute("drop database \"" + server.db().name() + "\" with (force)");
    }
    ServerProcess.Ended r =
        RestoreRun.restore(server.db(), server.home(), "--backup", dir(), "--database", globexDb);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(64);
    assertThat(r.stderr())
        .contains("no install database with a checkpoint key on the server")
        .contains("--public-key");
    assertThat(exists(globexDb)).isFalse();
  }

  private String dir() {
    return backup.toString();
  }

  private Path copyOfBackup() throws IOException {
    Path copy = Files.createTempDirectory("palisade-restore-copy").resolve(backup.getFileName());
    try (Stream<Path> all = Files.walk(backup)) {
      all.forEach(
          p -> {
            try {
              Files.copy(p, copy.resolve(backup.relativize(p).toString()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return copy;
  }

  private void assertWrittenAfterBackupIn(String... databases) throws Exception {
    for (String db : databases) {
      assertThat(tableExists(db)).as(db + " was left alone").isTrue();
    }
  }

  private boolean tableExists(String db) throws Exception {
    return server
            .db()
            .countIn(db, "select count(*) from pg_tables where tablename = 'written_after_backup'")
        == 1;
  }

  private boolean exists(String db) throws Exception {
    return server
            .db()
            .countIn("postgres", "select count(*) from pg_database where datname = '" + db + "'")
        == 1;
  }

  private long stagingDatabases() throws Exception {
    return server
        .db()
        .count("select count(*) from pg_database where datname like 'palisade\\_restoring\\_%'");
  }

  private void drop(String db) throws Exception {
    try (Connection c = server.db().connect();
        Statement st = c.createStatement()) {
      st.execute("drop database \"" + db + "\" with (force)");
    }
  }

  private void execute(String db, String sql) throws Exception {
    try (Connection c = server.db().connect(db);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
