package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.identity.PasswordHasher;
import dev.palisade.identity.ProbeAccount;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The probe account of restore validation: made by the first backup, never listed, unable to sign
 * in even with its own password, and checked against the restored install database in the step
 * {@code credentials}, which fails, naming the install database, when the probe's hash was changed
 * before the dump.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupProbeAccountIT {
  private static final Map<String, Object> SETTINGS = Map.of("palisade.backup.validate-wait", "3m");

  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start(SETTINGS);
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private JsonNode validate(JsonNode backup) {
    Http.Response r =
        http.post(BackupRunsIT.BASE + "/" + backup.get("id").asText() + "/validate", "", admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private JsonNode step(JsonNode v, String name) {
    return BackupValidationIT.step(v, name, server.db().name());
  }

  private String probeHash() throws Exception {
    try (Connection c = server.db().connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery("select password_hash from install_admins where status = 'probe'")) {
      assertThat(rs.next()).as("a probe account").isTrue();
      String hash = rs.getString(1);
      assertThat(rs.next()).as("one probe account").isFalse();
      return hash;
    }
  }

  private void setProbeHash(String hash) throws Exception {
    try (Connection c = server.db().connect();
        PreparedStatement s =
            c.prepareStatement(
                "update install_admins set password_hash = ? where status = 'probe'")) {
      s.setString(1, hash);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  @Order(1)
  void aNormalBackupPassesTheCredentialsStepOfTheInstallDatabase() throws Exception {
    assertThat(server.db().count("select count(*) from install_admins where status = 'probe'"))
        .isZero();
    JsonNode v = validate(BackupRunsIT.backUp(http, admin));
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("passed");
    JsonNode credentials = step(v, "credentials");
    assertThat(credentials.get("result").asText()).isEqualTo("passed");
    assertThat(credentials.get("database").asText()).isEqualTo(server.db().name());
    assertThat(credentials.get("durationMillis").asLong()).isNotNegative();
    ProbeAccount.Probe probe = server.context().getBean(ProbeAccount.class).find().orElseThrow();
    assertThat(credentials.get("detail").asText()).contains(probe.id().toString());
    assertThat(v.toString()).doesNotContain(new String(probe.password()));
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from sealed_secrets where name = '"
                        + ProbeAccount.SECRET_NAME
                        + "' and ciphertext is not null"))
        .isEqualTo(1);
    // a second backup reuses the probe
    assertThat(validate(BackupRunsIT.backUp(http, admin)).get("state").asText())
        .isEqualTo("passed");
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from audit_entries where action ="
                        + " 'install_admin.probe_created'"))
        .isEqualTo(1);
    probe.destroy();
  }

  @Test
  @Order(2)
  void theProbeAccountCannotSignInAndIsNeitherListedNorChangeable() throws Exception {
    ProbeAccount.Probe probe = server.context().getBean(ProbeAccount.class).find().orElseThrow();
    String email = "backup-probe:" + probe.id();
    Http.Response login =
        http.post(
            "/api/v1/auth/login",
            Http.json("email", email, "password", new String(probe.password())),
            null);
    assertThat(login.status()).as(login.body()).isEqualTo(401);
    assertThat(login.body()).doesNotContain("probe");
    JsonNode admins = http.get("/api/v1/install/admins", admin).json();
    assertThat(admins.get("items")).hasSize(1);
    assertThat(admins.toString()).doesNotContain(probe.id().toString());
    String path = "/api/v1/install/admins/" + probe.id();
    for (String action : new String[] {"/reactivate", "/deactivate", "/password-reset"}) {
      Http.Response r = http.post(path + action, Http.json("reason", "try the probe"), admin);
      assertThat(r.status()).as(action + " " + r.body()).isEqualTo(404);
    }
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from install_admins where status = 'probe'"
                        + " and token_epoch = 0 and locked_until is null"))
        .isEqualTo(1);
    probe.destroy();
  }

  @Test
  @Order(3)
  void aProbeHashChangedBeforeTheDumpFailsTheCredentialsStepNamingTheInstallDatabase()
      throws Exception {
    String original = probeHash();
    setProbeHash(new PasswordHasher(1024, 1, 1).hash("not the probe's password".toCharArray()));
    JsonNode backup;
    try {
      backup = BackupRunsIT.backUp(http, admin);
    } finally {
      setProbeHash(original);
    }
    assertThat(backup.get("state").asText()).isEqualTo("completed");
    JsonNode v = validate(backup);
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("failed");
    assertThat(v.get("failedStep").asText()).isEqualTo("credentials");
    assertThat(v.get("failedDatabase").asText()).isEqualTo(server.db().name());
    assertThat(v.get("detail").asText()).contains("does not verify");
    assertThat(step(v, "liveHead").get("result").asText()).isEqualTo("passed");
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from security_events where type = 'backupValidationFailed'"
                        + " and reason like '%step credentials of database "
                        + server.db().name()
                        + "%'"))
        .isEqualTo(1);
    // the live probe is intact again: the next backup passes
    assertThat(validate(BackupRunsIT.backUp(http, admin)).get("state").asText())
        .isEqualTo("passed");
  }
}
