package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a backup refuses, with a stand-in pg_dump whose behaviour a file chooses: a pg_dump older
 * than the server (named with both versions), a second backup while one runs, and the password,
 * which reaches pg_dump only through its password file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRefusalsIT {
  private static final String PASSWORD = "planted-Secret-0123456789";

  private TestServer server;
  private Http http;
  private String admin;
  private Path tools;

  @BeforeAll
  void start() throws Exception {
    tools = Files.createTempDirectory("fake-pg");
    Path script = tools.resolve("pg_dump");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "dir=$(dirname \"$0\")\n"
            + "mode=$(cat \"$dir/mode\")\n"
            + "if [ \"$1\" = --version ]; then\n"
            + "  if [ \"$mode\" = old ]; then echo 'pg_dump (PostgreSQL) 14.10'; else echo"
            + " 'pg_dump (PostgreSQL) 99.1'; fi\n"
            + "  exit 0\n"
            + "fi\n"
            + "echo \"$@\" > \"$dir/args\"\n"
            + "env > \"$dir/env\"\n"
            + "cat \"$PGPASSFILE\" > \"$dir/passfile\"\n"
            + "if [ \"$mode\" = slow ]; then sleep 20; fi\n"
            + "echo 'pg_dump: error: stand-in refuses' >&2\n"
            + "exit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(tools.resolve("mode"), "old");
    server =
        TestServer.start(
            Map.of(
                "palisade.backup.pg-dump",
                script.toString(),
                "palisade.database.password",
                PASSWORD));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  @Order(1)
  void aPgDumpOlderThanTheServerIsRefusedNamingBothVersions() throws Exception {
    Files.writeString(tools.resolve("mode"), "old");
    JsonNode b = BackupRunsIT.backUp(http, admin);
    assertThat(b.get("state").asText()).isEqualTo("failed");
    String server15 =
        server.db().count("select current_setting('server_version_num')::int / 10000") + ".";
    assertThat(b.get("detail").asText())
        .contains("pg_dump 14.10")
        .contains("older than the PostgreSQL server " + server15);
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from security_events where type = 'backupFailed'"
                        + " and reason like '%14.10%'"))
        .isEqualTo(1);
    JsonNode receipt =
        http.get("/api/v1/install/evidence/" + b.get("evidenceId").asText(), admin).json();
    assertThat(receipt.at("/receipt/outcome").asText()).isEqualTo("failed");
    assertThat(server.home().resolve("backups").resolve(b.get("id").asText())).doesNotExist();
  }

  @Test
  @Order(2)
  void thePasswordReachesPgDumpOnlyThroughItsPasswordFile() throws Exception {
    Files.writeString(tools.resolve("mode"), "args");
    JsonNode b = BackupRunsIT.backUp(http, admin);
    assertThat(b.get("state").asText()).isEqualTo("failed");
    assertThat(b.get("detail").asText()).contains("exit 3").contains("stand-in refuses");
    String args = Files.readString(tools.resolve("args"));
    assertThat(args)
        .contains("--format=directory", "--jobs=2", "--snapshot=", "--no-password")
        .doesNotContain(PASSWORD);
    assertThat(Files.readString(tools.resolve("env"))).doesNotContain(PASSWORD);
    assertThat(Files.readString(tools.resolve("passfile"))).endsWith(":" + PASSWORD + "\n");
    assertThat(b.get("detail").asText()).doesNotContain(PASSWORD);
  }

  @Test
  @Order(3)
  void aSecondBackupWhileOneRunsIsAConflict() throws Exception {
    Files.writeString(tools.resolve("mode"), "slow");
    // the previous test's backup releases its lock just after its state is recorded
    Http.Response[] first = new Http.Response[1];
    Eventually.until(
        Duration.ofSeconds(10),
        () -> (first[0] = http.post(BackupRunsIT.BASE, "", admin)).status() != 409);
    assertThat(first[0].status()).isEqualTo(202);
    Http.Response second = http.post(BackupRunsIT.BASE, "", admin);
    assertThat(second.status()).as(second.body()).isEqualTo(409);
    assertThat(second.json().get("detail").asText()).contains("running already");
  }
}
