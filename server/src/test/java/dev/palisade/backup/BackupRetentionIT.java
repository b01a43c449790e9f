package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.Promtool;
import dev.palisade.testing.TestServer;
import java.time.Duration;
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
 * Retention keeps the newest good backups and every backup younger than the period, and records
 * each expiry in the install chain; the backup metrics follow the newest completed backup; no good
 * backup within twice the cadence raises backupStale.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRetentionIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            Map.of(
                "palisade.backup.keep", 2,
                "palisade.backup.keep-within", "1d",
                "palisade.jobs.database-backup.cadence", "1d",
                "palisade.backup.validate-wait", "1ms"));
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
  void noGoodBackupWithinTwiceTheCadenceRaisesBackupStale() throws Exception {
    Backups backups = server.context().getBean(Backups.class);
    assertThat(backups.checkStale()).isEmpty();
    server.clock().advance(Duration.ofDays(2).plusMinutes(1));
    assertThat(backups.checkStale()).get().asString().contains("no good backup exists");
    assertThat(backups.checkStale()).isPresent();
    assertThat(count("security_events where type = 'backupStale'"))
        .as("raised once per cadence")
        .isEqualTo(1);
    JsonNode b = BackupRunsIT.backUp(http, admin);
    assertThat(b.get("state").asText()).isEqualTo("completed");
    assertThat(backups.checkStale()).isEmpty();
    server.clock().advance(Duration.ofDays(2).plusMinutes(1));
    assertThat(backups.checkStale()).get().asString().contains("the newest good backup completed");
    assertThat(count("security_events where type = 'backupStale'")).isEqualTo(2);
  }

  @Test
  @Order(2)
  void theMetricsFollowTheNewestCompletedBackup() throws Exception {
    String scrape = http.get("/metrics", null).body();
    assertThat(line(scrape, "palisade_backup_last_success_timestamp_seconds "))
        .doesNotContain("NaN");
    assertThat(value(scrape, "palisade_backup_size_bytes ")).isPositive();
    assertThat(value(scrape, "palisade_backup_duration_seconds ")).isNotNegative();
    assertThat(Promtool.check(scrape)).startsWith("0:");
  }

  @Test
  @Order(3)
  void retentionKeepsTheNewestGoodBackupsAndEveryRecentOneAndAuditsEachExpiry() throws Exception {
    List<String> ids = new ArrayList<>();
    ids.add(http.get(BackupRunsIT.BASE, admin).json().at("/items/0/id").asText());
    for (int i = 0; i < 3; i++) {
      server.clock().advance(Duration.ofDays(2));
      ids.add(BackupRunsIT.backUp(http, admin).get("id").asText());
    }
    // the newest two good ones are kept; the two older ones are older than a day: expired
    // (retention runs right after a backup ends)
    Eventually.until(Duration.ofSeconds(30), () -> expired(items(), ids.get(1)));
    JsonNode items = items();
    assertThat(expired(items, ids.get(3))).isFalse();
    assertThat(expired(items, ids.get(2))).isFalse();
    assertThat(expired(items, ids.get(1))).isTrue();
    assertThat(expired(items, ids.get(0))).isTrue();
    assertThat(server.home().resolve("backups").resolve(ids.get(0))).doesNotExist();
    assertThat(server.home().resolve("backups").resolve(ids.get(1))).doesNotExist();
    assertThat(server.home().resolve("backups").resolve(ids.get(3))).isDirectory();
    assertThat(count("audit_entries where action = 'backup.expired'")).isEqualTo(2);
    assertThat(
            count(
                "audit_entries where action = 'backup.expired' and subject_id = '"
                    + ids.get(0)
                    + "' and reason like 'retention: not among the newest 2 good backups%'"))
        .isEqualTo(1);

    // a backup younger than the period is kept even beyond the newest two
    server.clock().advance(Duration.ofHours(1));
    String young = BackupRunsIT.backUp(http, admin).get("id").asText();
    Eventually.until(Duration.ofSeconds(30), () -> expired(items(), ids.get(2)));
    items = items();
    assertThat(expired(items, young)).isFalse();
    assertThat(expired(items, ids.get(3))).isFalse();
    assertThat(expired(items, ids.get(2))).as("older than a day, third newest").isTrue();
    Http.Response gone = http.post(BackupRunsIT.BASE + "/" + ids.get(0) + "/validate", "", admin);
    assertThat(gone.status()).isEqualTo(409);
    assertThat(gone.json().get("detail").asText()).contains("expired");
  }

  @Test
  @Order(4)
  void aValidationThatOutlastsTheRequestAnswers202AndEndsAtItsOwnAddress() throws Exception {
    String id = http.get(BackupRunsIT.BASE, admin).json().at("/items/0/id").asText();
    Http.Response r = http.post(BackupRunsIT.BASE + "/" + id + "/validate", "", admin);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("state").asText()).isEqualTo("running");
    String path = BackupRunsIT.BASE + "/" + id + "/validation";
    Eventually.until(
        Duration.ofMinutes(2),
        () -> !http.get(path, admin).json().get("state").asText().equals("running"));
    assertThat(http.get(path, admin).json().get("state").asText()).isEqualTo("passed");
  }

  private JsonNode items() {
    return http.get(BackupRunsIT.BASE, admin).json().get("items");
  }

  private static boolean expired(JsonNode items, String id) {
    for (JsonNode b : items) {
      if (b.get("id").asText().equals(id)) {
        return !b.get("expiredAt").isNull();
      }
    }
    throw new AssertionError("no backup " + id);
  }

  private long count(String from) throws Exception {
    return server.db().count("select count(*) from " + from);
  }

  private static String line(String scrape, String prefix) {
    return scrape.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  private static double value(String scrape, String prefix) {
    return Double.parseDouble(line(scrape, prefix).substring(prefix.length()).trim());
  }
}
