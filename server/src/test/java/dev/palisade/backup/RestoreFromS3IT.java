package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.storage.S3Proxy;
import dev.palisade.testing.Command;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code restore} command reading a backup from its S3 location (s3proxy with signature
 * checks), with the server's {@code PALISADE_BACKUP_S3_*} settings and through the outbound guard:
 * refused while the guard does not allow the endpoint, then downloaded, checked, restored, and the
 * downloaded copy removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreFromS3IT {
  private S3Proxy s3;
  private TestServer server;
  private String location;
  private String acmeDb;

  @BeforeAll
  void start() throws Exception {
    s3 = S3Proxy.start("backups");
    server = TestServer.start(BackupTampering.s3Target(s3));
    String admin = server.installAdmin();
    server.createOrg(admin, "acme");
    JsonNode b = BackupRunsIT.backUp(server.http(), admin);
    assertThat(b.get("state").asText()).as(b.toString()).isEqualTo("completed");
    location = b.get("location").asText();
    acmeDb = server.db().tenantPrefix() + "acme";
    server.stop();
    try (Connection c = server.db().connect();
        Statement st = c.createStatement()) {
      st.execute("drop database \"" + acmeDb + "\" with (force)");
    }
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    s3.close();
  }

  private ServerProcess.Ended restore(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(extra);
    env.put("PALISADE_HOME", server.home().toString());
    env.put("PALISADE_DATABASE_URL", server.db().url());
    env.put("PALISADE_DATABASE_TENANT_PREFIX", server.db().tenantPrefix());
    env.put("PALISADE_BACKUP_S3_REGION", S3Proxy.REGION);
    env.put("PALISADE_BACKUP_S3_ENDPOINT", s3.endpoint());
    env.put("PALISADE_BACKUP_S3_PATH_STYLE", "true");
    env.put("PALISADE_BACKUP_S3_ACCESS_KEY_ID", S3Proxy.ACCESS_KEY);
    env.put("PALISADE_BACKUP_S3_SECRET_ACCESS_KEY", S3Proxy.SECRET);
    return Command.run(
        List.of(
            "java",
            "-jar",
            ServerProcess.jar().toString(),
            "restore",
            "--backup",
            location,
            "--database",
            acmeDb),
        env,
        Duration.ofMinutes(5));
  }

  @Test
  void aBackupIsRestoredFromItsS3LocationThroughTheOutboundGuard() throws Exception {
    ServerProcess.Ended blocked = restore(Map.of());
    assertThat(blocked.exitCode()).as(blocked.stderr()).isEqualTo(66);
    assertThat(blocked.stderr()).contains("cannot be downloaded from " + location);
    assertThat(blocked.stderr() + blocked.stdout()).doesNotContain(S3Proxy.SECRET);

    ServerProcess.Ended r = restore(Map.of("PALISADE_NET_ALLOW", "127.0.0.1/32"));
    assertThat(r.exitCode()).as(r.stderr() + r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("files match the manifest")
        .contains("created " + acmeDb)
        .doesNotContain(S3Proxy.SECRET);
    assertThat(server.db().countIn(acmeDb, "select count(*) from audit_entries")).isPositive();
    try (var left = Files.list(server.home().resolve(BackupTarget.STAGING))) {
      assertThat(left).isEmpty();
    }
  }
}
