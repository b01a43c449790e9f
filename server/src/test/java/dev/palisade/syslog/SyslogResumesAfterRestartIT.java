package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/**
 * The cursor is persisted: entries appended while the relay is down are delivered by the server
 * started again after a restart, and what was delivered before is not sent again.
 */
class SyslogResumesAfterRestartIT {
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final Map<String, Object> PROPS =
      Map.of("palisade.net.allow", "127.0.0.1/32", "palisade.syslog.poll-interval", "100ms");

  @Test
  void aRestartedServerResumesWhereDeliveryStopped() throws Exception {
    try (Rsyslog relay = Rsyslog.start();
        TestServer server = TestServer.start(PROPS)) {
      String admin = server.installAdmin();
      server.createOrg(admin, "resume");
      Http http = server.http();
      String id = http.get("/api/v1/orgs/resume", admin).json().get("id").asText();
      Http.Response put =
          http.send(
              "PUT",
              "/api/v1/orgs/resume/syslog",
              Http.json("host", "127.0.0.1", "port", relay.tcpPort, "transport", "tcp"),
              admin,
              Map.of());
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      append(server, 10);
      Eventually.until(WITHIN, () -> resumed(relay, id).size() == 10);
      Eventually.until(
          WITHIN,
          () ->
              http.get("/api/v1/orgs/resume/syslog", admin).json().at("/state/lagEntries").asLong()
                  == 0);
      relay.stop();
      append(server, 15);
      Eventually.until(
          WITHIN,
          () ->
              http.get("/api/v1/orgs/resume/syslog", admin)
                  .json()
                  .at("/state/lastError")
                  .asText()
                  .startsWith("refused:"));
      server.stop();
      relay.run();
      try (TestServer again = TestServer.restart(server.db(), server.home(), PROPS)) {
        Eventually.until(WITHIN, () -> resumed(relay, id).size() >= 25);
        List<Long> seen = resumed(relay, id);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
        assertThat(seen.get(24) - seen.get(0)).isEqualTo(24);
      }
    }
  }

  private static void append(TestServer server, int n) {
    Scope scope =
        Scope.of(server.context().getBean(Organizations.class).findBySlug("resume").orElseThrow());
    AuditLog audit = server.context().getBean(AuditLog.class);
    for (int i = 0; i < n; i++) {
      audit.record(
          scope,
          AuditEvent.by("system", "system:resume-test")
              .reason("resume " + i)
              .action("test.resumed"));
    }
  }

  private static List<Long> resumed(Rsyslog relay, String id) throws Exception {
    return relay.received().stream()
        .filter(n -> id.equals(n.at("/sd/palisade@32473/org_id").asText()))
        .filter(n -> n.at("/sd/palisade@32473/event_type").asText().equals("test.resumed"))
        .map(n -> n.at("/sd/palisade@32473/sequence").asLong())
        .toList();
  }
}
