package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobRunner;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The backup plan lists the databases with their size and newest good backup, the key provider with
 * what the operator must keep, each organization's storage, the start files under PALISADE_HOME,
 * and the gaps as findings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupPlanIT {
  private static final String PLAN = "/api/v1/install/backup/plan";

  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static List<String> findings(JsonNode plan) {
    List<String> out = new ArrayList<>();
    plan.get("findings")
        .forEach(f -> out.add(f.get("subject").asText() + ": " + f.get("finding").asText()));
    return out;
  }

  @Test
  void theInventoryNamesEverythingAndItsGaps() throws Exception {
    String acmeDb = server.db().tenantPrefix() + "acme";
    JsonNode before = http.get(PLAN, admin).json();
    assertThat(before.at("/installDatabase/name").asText()).isEqualTo(server.db().name());
    assertThat(before.at("/installDatabase/sizeBytes").asLong()).isPositive();
    assertThat(before.at("/installDatabase/newestGoodBackup").isNull()).isTrue();
    assertThat(before.at("/tenantDatabases/0/name").asText()).isEqualTo(acmeDb);
    assertThat(findings(before))
        .anySatisfy(f -> assertThat(f).contains(acmeDb).contains("in no good backup"))
        .anySatisfy(f -> assertThat(f).startsWith("install: the key provider (local)"))
        .noneSatisfy(f -> assertThat(f).contains("bundled storage"));
    JsonNode key = before.at("/keyProviders/0");
    assertThat(key.get("type").asText()).isEqualTo("local");
    assertThat(key.get("inBackupSet").asBoolean()).isFalse();
    assertThat(key.get("operatorMustBackUp").asText())
        .contains(server.home().resolve("keys").toString());
    assertThat(before.at("/storage/0/type").asText()).isEqualTo("bundled");
    assertThat(before.at("/storage/0/organizationSlug").asText()).isEqualTo("acme");
    assertThat(before.at("/storage/0/inBackupSet").asBoolean())
        .as("bundled storage is in the backup set")
        .isTrue();
    List<String> files = new ArrayList<>();
    before.get("homeFiles").forEach(f -> files.add(f.get("path").asText()));
    assertThat(files).contains("keys/install-kek.key").noneMatch(f -> f.startsWith("backups"));
    assertThat(before.at("/target/location").asText())
        .isEqualTo(server.home().resolve("backups").toString());

    JsonNode backup = BackupRunsIT.backUp(http, admin);
    server
        .context()
        .getBean(JobRunner.class)
        .runAndWait("key-provider-verification", JobContext.Trigger.MANUAL, "test");
    JsonNode after = http.get(PLAN, admin).json();
    assertThat(after.at("/installDatabase/newestGoodBackup/id").asText())
        .isEqualTo(backup.get("id").asText());
    assertThat(after.at("/tenantDatabases/0/newestGoodBackup/id").asText())
        .isEqualTo(backup.get("id").asText());
    assertThat(after.at("/keyProviders/0/lastVerifiedAt").isNull()).isFalse();
    assertThat(findings(after))
        .noneMatch(f -> f.contains("in no good backup"))
        .noneMatch(f -> f.contains("key provider"))
        .anySatisfy(f -> assertThat(f).contains("never validated"));

    String member = server.member(admin, "acme", "m@example.com", "admin");
    assertThat(http.get(PLAN, member).status()).isEqualTo(403);
  }
}
