package dev.palisade.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Per-type retention, its audit trail, and the sweep job that applies it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityEventRetentionIT {
  private static final String RETENTION = "/api/v1/install/security-events/retention";
  private static final String RUN =
      "/api/v1/install/jobs/" + "security-event-retention-sweep" + "/run";

  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.events.sweep-batch-size", 2));
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private int days(JsonNode retention, String type) {
    for (JsonNode t : retention.get("types")) {
      if (t.get("type").asText().equals(type)) {
        return t.get("days").asInt();
      }
    }
    throw new AssertionError("no " + type + " in " + retention);
  }

  private String writes() throws Exception {
    return server.db().count("select count(*) from security_event_retention")
        + "|"
        + server.db().count("select count(*) from audit_entries")
        + "|"
        + server
            .db()
            .count("select coalesce(sum(retention_days), 0) from security_event_retention");
  }

  @Test
  void everyDocumentedTypeHasAnEffectiveRetentionAndChangesAreAudited() throws Exception {
    JsonNode before = http.get(RETENTION, admin).json();
    assertThat(before.get("defaultDays").asInt()).isEqualTo(365);
    assertThat(before.get("types")).hasSize(SecurityEventType.values().length);
    assertThat(before.get("types").get(0).get("isDefault").asBoolean()).isTrue();

    Http.Response one =
        http.send("PUT", RETENTION, Http.json("type", "jobTimedOut", "days", 45), admin, Map.of());
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(days(one.json(), "jobTimedOut")).isEqualTo(45);
    Http.Response many =
        http.send(
            "PUT",
            RETENTION,
            Http.json("types", Map.of("licenseStateChanged", 90, "jobTimedOut", 60)),
            admin,
            Map.of());
    assertThat(many.status()).as(many.body()).isEqualTo(200);
    JsonNode after = http.get(RETENTION, admin).json();
    assertThat(days(after, "jobTimedOut")).isEqualTo(60);
    assertThat(days(after, "licenseStateChanged")).isEqualTo(90);
    assertThat(days(after, "licenseInvalid")).isEqualTo(365);
    JsonNode entries =
        http.get("/api/v1/install/audit?action=events.retention_changed&limit=2", admin).json();
    assertThat(entries.get("items")).hasSize(2);
    assertThat(entries.at("/items/1/metadata/changes/jobTimedOut/from").asInt()).isEqualTo(365);
    assertThat(entries.at("/items/1/metadata/changes/jobTimedOut/to").asInt()).isEqualTo(45);
    assertThat(entries.at("/items/0/metadata/changes/jobTimedOut/from").asInt()).isEqualTo(45);
    assertThat(entries.at("/items/0/metadata/changes/licenseStateChanged/to").asInt())
        .isEqualTo(90);
    assertThat(entries.at("/items/0/actor/id").asText()).startsWith("install-admin:");
  }

  @Test
  void invalidChangesAre422NamingTheFieldAndWriteNothing() throws Exception {
    String state = writes();
    Object[][] cases = {
      {Http.json("type", "nope", "days", 30), "type"},
      {Http.json("type", "jobFailed", "days", 0), "days"},
      {Http.json("type", "jobFailed", "days", 36_501), "days"},
      {Http.json("type", "jobFailed"), "days"},
      {Http.json("days", 30), "type"},
      {"{}", "type"},
      {Http.json("types", Map.of("jobFailed", 30, "nope", 30)), "types.nope"},
      {Http.json("types", Map.of("jobFailed", -1)), "types.jobFailed"},
      {Http.json("types", Map.of()), "types"},
      {Http.json("types", Map.of("jobFailed", 30), "type", "jobFailed"), "types"},
      {Http.json("types", Map.of("jobFailed", "30")), "types.jobFailed"},
    };
    for (Object[] c : cases) {
      Http.Response r = http.send("PUT", RETENTION, (String) c[0], admin, Map.of());
      assertThat(r.status()).as(c[0] + " " + r.body()).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("field").asText()).as((String) c[0]).isEqualTo(c[1]);
    }
    server.createOrg(admin, "ret");
    String orgAdmin = server.member(admin, "ret", "r@example.com", "admin");
    String stateAfterSetUp = writes();
    Http.Response forbidden =
        http.send("PUT", RETENTION, Http.json("type", "jobFailed", "days", 1), orgAdmin, Map.of());
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(writes()).isEqualTo(stateAfterSetUp);
    assertThat(state.split("\\|")[0]).isEqualTo(stateAfterSetUp.split("\\|")[0]);
  }

  @Test
  void theSweepDeletesOnlyExpiredEventsOfEachTypeAndNeverAuditIncidentsOrEvidence()
      throws Exception {
    http.send("PUT", RETENTION, Http.json("type", "jobFailed", "days", 30), admin, Map.of());
    List<UUID> expired = new ArrayList<>();
    List<UUID> kept = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expired.add(insert("jobFailed", 31 + i));
    }
    kept.add(insert("jobFailed", 29));
    expired.add(insert("licenseInvalid", 366));
    kept.add(insert("licenseInvalid", 300));
    expired.add(insert("someRetiredType", 400));
    kept.add(insert("someRetiredType", 10));
    kept.add(insert("auditChainBroken", 1));
    server
        .context()
        .getBean(Incidents.class)
        .open(Incidents.JOB_FAILING, "old", null, Severity.WARNING, "old", expired.get(0));
    server
        .context()
        .getBean(Evidence.class)
        .issue("test.op", "system:test", null, null, Evidence.SUCCEEDED, Map.of());
    long audit = server.db().count("select max(sequence) from audit_entries");
    long incidents = server.db().count("select count(*) from incidents");
    long evidence = server.db().count("select count(*) from operation_evidence");

    Http.Response r = http.post(RUN, "", admin);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("success");
    assertThat(r.json().get("summary").asText())
        .isEqualTo("deleted 7 events (jobFailed: 5, licenseInvalid: 1, other: 1)");
    for (UUID id : expired) {
      assertThat(exists(id)).as("expired %s", id).isFalse();
    }
    for (UUID id : kept) {
      assertThat(exists(id)).as("kept %s", id).isTrue();
    }
    // every install audit entry written before the run is still there
    assertThat(server.db().count("select count(*) from audit_entries where sequence <= " + audit))
        .isEqualTo(audit);
    assertThat(server.db().count("select count(*) from incidents")).isEqualTo(incidents);
    assertThat(server.db().count("select count(*) from operation_evidence")).isEqualTo(evidence);
    Http.Response again = http.post(RUN, "", admin);
    assertThat(again.json().get("summary").asText()).isEqualTo("deleted 0 events");
  }

  private UUID insert(String type, int daysOld) throws Exception {
    UUID id = UUID.randomUUID();
    try (Connection c = server.db().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into security_events (id, occurred_at, type, severity, reason)"
                    + " values (?, ?, ?, 'warning', 'old')")) {
      ps.setObject(1, id);
      ps.setTimestamp(2, Timestamp.from(Instant.now().minus(Duration.ofDays(daysOld))));
      ps.setString(3, type);
      ps.executeUpdate();
    }
    return id;
  }

  private boolean exists(UUID id) throws Exception {
    return server.db().count("select count(*) from security_events where id = '" + id + "'") == 1;
  }
}
