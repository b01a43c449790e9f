package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With palisade.backup.validate-after-backup=true each completed backup is validated at once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidateAfterBackupIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.backup.validate-after-backup", true));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aCompletedBackupIsValidatedRightAfter() throws Exception {
    JsonNode b = BackupRunsIT.backUp(http, admin);
    assertThat(b.get("state").asText()).isEqualTo("completed");
    String path = BackupRunsIT.BASE + "/" + b.get("id").asText() + "/validation";
    Eventually.until(
        Duration.ofMinutes(2),
        () -> {
          Http.Response r = http.get(path, admin);
          return r.status() == 200 && !r.json().get("state").asText().equals("running");
        });
    JsonNode v = http.get(path, admin).json();
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("passed");
    assertThat(v.get("trigger").asText()).isEqualTo("after-backup");
  }
}
