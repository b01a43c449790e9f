package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A destination whose relay is down falls behind; past {@code palisade.syslog.max-lag} its oldest
 * entries are skipped, counted, and a {@code syslogEventsDropped} event naming the range reaches
 * the relay once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyslogLagLimitIT {
  private static final int MAX_LAG = 20;
  private TestServer server;
  private Http http;
  private String admin;
  private Rsyslog relay;

  @BeforeAll
  void start() throws Exception {
    relay = Rsyslog.start();
    relay.stop();
    server =
        TestServer.start(
            Map.of(
                "palisade.net.allow", "127.0.0.1/32",
                "palisade.syslog.poll-interval", "100ms",
                "palisade.syslog.max-lag", MAX_LAG));
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    relay.close();
  }

  @Test
  void theOldestEntriesOverTheLimitAreSkippedCountedAndReported() throws Exception {
    server.createOrg(admin, "behind");
    String id = http.get("/api/v1/orgs/behind", admin).json().get("id").asText();
    Http.Response put =
        http.send(
            "PUT",
            "/api/v1/orgs/behind/syslog",
            Http.json("host", "127.0.0.1", "port", relay.tcpPort, "transport", "tcp"),
            admin,
            Map.of());
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    Scope scope =
        Scope.of(server.context().getBean(Organizations.class).findBySlug("behind").orElseThrow());
    AuditLog audit = server.context().getBean(AuditLog.class);
    for (int i = 0; i < 50; i++) {
      audit.record(
          scope,
          AuditEvent.by("system", "system:lag-test").reason("lag " + i).action("test.lagged"));
    }
    // the change entry and 50 appends: 51 behind, 31 over the limit
    Eventually.until(
        Duration.ofSeconds(30),
        () ->
            http.get("/api/v1/orgs/behind/syslog", admin).json().at("/counters/dropped").asLong()
                >= 31);
    JsonNode view = http.get("/api/v1/orgs/behind/syslog", admin).json();
    assertThat(view.at("/counters/dropped").asLong()).isEqualTo(31);
    assertThat(view.at("/state/lastError").asText()).startsWith("refused:");
    // each stream keeps at most the limit: 20 chain entries plus the syslogEventsDropped events
    assertThat(view.at("/state/lagEntries").asLong()).isLessThanOrEqualTo(2L * MAX_LAG);
    assertThat(http.get("/metrics", null).body())
        .containsPattern("palisade_syslog_dropped_total\\{scope_type=\"org\",?\\} 31\\.0");

    relay.run();
    Eventually.until(
        Duration.ofSeconds(60),
        () ->
            relay.received().stream()
                .filter(n -> id.equals(n.at("/sd/palisade@32473/org_id").asText()))
                .anyMatch(
                    n ->
                        n.at("/sd/palisade@32473/event_type")
                            .asText()
                            .equals("syslogEventsDropped")));
    JsonNode dropped =
        relay.received().stream()
            .filter(
                n -> n.at("/sd/palisade@32473/event_type").asText().equals("syslogEventsDropped"))
            .findFirst()
            .orElseThrow();
    assertThat(dropped.get("msgid").asText()).isEqualTo("security-event");
    assertThat(dropped.at("/sd/palisade@32473/severity").asText()).isEqualTo("high");
    assertThat(dropped.get("pri").asText()).isEqualTo(String.valueOf(22 * 8 + 3));
    assertThat(dropped.get("msg").asText()).contains("were skipped");
    // rounds may skip the 31 in steps, each step raising its own event with its own range
    long count = 0;
    long from = Long.MAX_VALUE;
    long to = 0;
    for (JsonNode e :
        http.get("/api/v1/install/security-events?type=syslogEventsDropped", admin)
            .json()
            .get("items")) {
      count += e.at("/context/count").asLong();
      from = Math.min(from, e.at("/context/chainFrom").asLong());
      to = Math.max(to, e.at("/context/chainTo").asLong());
    }
    assertThat(count).isEqualTo(31);
    assertThat(to - from + 1).isEqualTo(31);
    long lastSkipped = to;
    Eventually.until(
        Duration.ofSeconds(60),
        () -> lagged(id).size() >= 20 && lagged(id).get(lagged(id).size() - 1) == lastSkipped + 20);
    assertThat(lagged(id)).allMatch(s -> s > lastSkipped);
  }

  private List<Long> lagged(String id) throws Exception {
    return relay.received().stream()
        .filter(n -> id.equals(n.at("/sd/palisade@32473/org_id").asText()))
        .filter(n -> n.at("/sd/palisade@32473/event_type").asText().equals("test.lagged"))
        .map(n -> n.at("/sd/palisade@32473/sequence").asLong())
        .toList();
  }
}
