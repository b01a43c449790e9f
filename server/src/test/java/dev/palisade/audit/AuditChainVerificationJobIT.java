package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The audit-chain-verification job: incremental passes, breaks as events and incidents. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainVerificationJobIT {
  private static final String RUN = "/api/v1/install/jobs/audit-chain-verification/run";
  private static final Pattern READ = Pattern.compile("(\\d+) entries read");
  private TestServer server;
  private Http http;
  private String admin;
  private String ledgerId;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of("palisade.audit.checkpoint-entries", 3));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "ledger");
    for (int i = 0; i < 8; i++) {
      server.member(admin, "ledger", "m" + i + "@example.com", "member");
    }
    try (Connection c = server.db().connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery("select id from organizations where slug = 'ledger'")) {
      rs.next();
      ledgerId = rs.getString(1);
    }
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void detectsABreakAsAnEventAndAnIncidentAndResolvesItOnceTheChainIsRepaired() throws Exception {
    JsonNode first = run();
    assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("success");
    assertThat(first.get("summary").asText()).contains("verified 2 chain(s)").contains("0 broken");
    long fullRead = read(first);

    JsonNode second = run();
    assertThat(second.get("status").asText()).isEqualTo("success");
    assertThat(read(second))
        .as("an incremental pass starts at the last verified checkpoint")
        .isLessThan(fullRead);

    long sequence;
    String actor;
    try (Connection c = tenant();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select sequence, actor_id from audit_entries order by sequence desc limit 1")) {
      rs.next();
      sequence = rs.getLong(1);
      actor = rs.getString(2);
    }
    setActor(sequence, "member:someone-else");

    JsonNode broken = run();
    assertThat(broken.get("status").asText()).isEqualTo("partial");
    assertThat(broken.get("summary").asText()).contains("1 broken (org:" + ledgerId + ")");
    String incident =
        "select count(*) from incidents where kind = 'auditChainBroken' and subject = 'org:"
            + ledgerId
            + "' and resolved_at is null";
    assertThat(server.db().count(incident)).isEqualTo(1);
    try (Connection c = server.db().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select severity, reason, org_id::text from security_events"
                    + " where type = 'auditChainBroken'")) {
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("critical");
        assertThat(rs.getString(2)).contains("org:" + ledgerId).contains("broken");
        assertThat(rs.getString(3)).isEqualTo(ledgerId);
      }
    }

    setActor(sequence, actor);
    JsonNode repaired = run();
    assertThat(repaired.get("status").asText()).isEqualTo("success");
    assertThat(server.db().count(incident)).isZero();
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from incidents where kind = 'auditChainBroken'"
                        + " and resolved_at is not null"))
        .isEqualTo(1);
  }

  private void setActor(long sequence, String actor) throws Exception {
    try (Connection c = tenant();
        PreparedStatement ps =
            c.prepareStatement("update audit_entries set actor_id = ? where sequence = ?")) {
      ps.setString(1, actor);
      ps.setLong(2, sequence);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private JsonNode run() {
    Http.Response r = http.post(RUN, "", admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static long read(JsonNode run) {
    Matcher m = READ.matcher(run.get("summary").asText());
    assertThat(m.find()).as(run.toString()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private Connection tenant() throws Exception {
    return server.db().connect(server.db().tenantPrefix() + "ledger");
  }
}
