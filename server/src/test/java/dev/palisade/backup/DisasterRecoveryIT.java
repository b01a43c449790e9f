package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.Checkpoints;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The disaster-recovery drill of {@code docs/recovery.md}, run from the page's own code blocks
 * ({@link Runbook} explains the convention): save the checkpoint key, sign in and back up through
 * the API, lose every Palisade database (the install database, both organization databases and the
 * tenant template), restore with the packaged jar's {@code restore} command, start the server on
 * what was restored, sign in with an existing account and verify every chain.
 */
class DisasterRecoveryIT {
  private static final Path PAGE = Path.of("../docs/recovery.md");

  @Test
  void theRunbookBringsBackAnInstallWhoseDatabasesWereAllDropped() throws Exception {
    Runbook book = Runbook.read(PAGE);
    assertThat(book.ids())
        .containsExactly("dr-save-key", "dr-sign-in", "dr-backup", "dr-restore", "dr-verify");
    TestServer server = TestServer.start();
    TestDatabase db = server.db();
    TestServer restored = null;
    try {
      String admin = server.installAdmin();
      server.createOrg(admin, "acme");
      server.createOrg(admin, "globex");
      server.member(admin, "acme", "a@example.com", "admin");
      server.context().getBean(Checkpoints.class).flush();

      Map<String, String> env = new HashMap<>();
      env.put("PALISADE_URL", server.http().base());
      env.put("PALISADE_HOME", server.home().toString());
      env.put("PALISADE_DATABASE_URL", db.url());
      env.put("PALISADE_DATABASE_TENANT_PREFIX", db.tenantPrefix());
      env.put("PALISADE_JAR", ServerProcess.jar().toString());
      env.put("PALISADE_BACKUPS", server.home().resolve("backups").toString());
      env.put(
          "PALISADE_KEY_FILE",
          Files.createTempDirectory("palisade-keep").resolve("checkpoint-key.pem").toString());
      env.put("PALISADE_ADMIN_EMAIL", TestServer.ADMIN_EMAIL);
      env.put("PALISADE_ADMIN_PASSWORD", TestServer.PASSWORD);

      ServerProcess.Ended saved = book.run(env, "dr-save-key");
      assertThat(saved.exitCode()).as(saved.stderr()).isZero();
      assertThat(Files.readString(Path.of(env.get("PALISADE_KEY_FILE"))))
          .startsWith("-----BEGIN PUBLIC KEY-----");

      ServerProcess.Ended backedUp = book.run(env, "dr-sign-in", "dr-backup");
      assertThat(backedUp.exitCode()).as(backedUp.stderr() + backedUp.stdout()).isZero();
      Matcher id = Pattern.compile("backup ([0-9a-f-]{36}) completed").matcher(backedUp.stdout());
      assertThat(id.find()).as(backedUp.stdout()).isTrue();
      env.put("BACKUP_ID", id.group(1));

      server.stop();
      List<String> lost = new ArrayList<>(db.tenantDatabases());
      lost.add(db.name());
      assertThat(lost).hasSize(4); // install, acme, globex, the tenant template
      try (Connection c = java.sql.DriverManager.getConnection(db.urlOf("postgres"));
          Statement st = c.createStatement()) {
        for (String name : lost) {
          st.execute("drop database \"" + name + "\" with (force)");
        }
      }
      assertThat(db.tenantDatabases()).isEmpty();

      ServerProcess.Ended restore = book.run(env, "dr-restore");
      assertThat(restore.exitCode()).as(restore.stderr() + restore.stdout()).isZero();
      assertThat(restore.stdout())
          .contains("trusted checkpoint key: ")
          .contains("from " + env.get("PALISADE_KEY_FILE"))
          .contains("manifest signature verified")
          .contains("created " + db.name())
          .contains("created " + db.tenantPrefix() + "acme")
          .contains("created " + db.tenantPrefix() + "globex")
          .contains("restored 3 database(s) of backup " + env.get("BACKUP_ID"));

      restored = TestServer.restart(db, server.home(), Map.of());
      env.put("PALISADE_URL", restored.http().base());
      ServerProcess.Ended verified = book.run(env, "dr-sign-in", "dr-verify");
      assertThat(verified.exitCode()).as(verified.stderr() + verified.stdout()).isZero();
      assertThat(verified.stdout())
          .contains("signed in as " + TestServer.ADMIN_EMAIL)
          .containsPattern("(?m)^install intact [1-9][0-9]* entries$")
          .containsPattern("(?m)^acme intact [1-9][0-9]* entries$")
          .containsPattern("(?m)^globex intact [1-9][0-9]* entries$");
      assertThat(restored.login("a@example.com", TestServer.PASSWORD, "acme")).isNotBlank();
    } finally {
      if (restored != null) {
        restored.stop();
      }
      server.close();
    }
  }
}
