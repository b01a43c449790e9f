package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQueries;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A backlog is delivered in back-to-back rounds, not one batch per poll interval: with batches of
 * 100 every 5 s, 1,000 waiting entries would take at least 45 s one batch a round; they arrive well
 * before, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyslogBacklogDrainIT {
  private TestServer server;
  private Http http;
  private String admin;
  private Rsyslog relay;

  @BeforeAll
  void start() throws Exception {
    relay = Rsyslog.start();
    server =
        TestServer.start(
            Map.of(
                "palisade.net.allow", "127.0.0.1/32",
                "palisade.syslog.poll-interval", "5s",
                "palisade.syslog.batch-size", 100));
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    relay.close();
  }

  @Test
  void aBacklogOfTenBatchesArrivesInOrderWithinAFewPollIntervals() throws Exception {
    server.createOrg(admin, "backlog");
    Scope chain =
        Scope.of(server.context().getBean(Organizations.class).findBySlug("backlog").orElseThrow());
    put(false); // the cursor starts at the head; disabled, it keeps its place
    AuditLog log = server.context().getBean(AuditLog.class);
    long head = 0;
    for (int i = 0; i < 1_000; i++) {
      head =
          log.record(chain, AuditEvent.by("system", "system:test").action("test.backlog"))
              .sequence();
    }
    String org = chain.org().id().toString();
    long first = head - 999;
    put(true);
    long last = server.context().getBean(AuditQueries.class).lastSequence(chain);
    assertThat(last).isGreaterThanOrEqualTo(head);
    Eventually.until(Duration.ofSeconds(25), () -> sequences(org).contains(last));
    List<Long> got = sequencesInOrder(org);
    assertThat(new TreeSet<>(got)).containsAll(range(first, last));
    assertThat(got).isSorted();
  }

  private void put(boolean enabled) {
    Http.Response r =
        http.send(
            "PUT",
            "/api/v1/orgs/backlog/syslog",
            Http.json(
                "host",
                "127.0.0.1",
                "port",
                relay.tcpPort(),
                "transport",
                "tcp",
                "enabled",
                enabled),
            admin,
            Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private Set<Long> sequences(String org) throws Exception {
    return new TreeSet<>(sequencesInOrder(org));
  }

  private List<Long> sequencesInOrder(String org) throws Exception {
    return relay.received().stream()
        .filter(n -> org.equals(n.at("/sd/palisade@32473/org_id").asText()))
        .map(n -> n.at("/sd/palisade@32473/sequence"))
        .filter(n -> !n.isMissingNode())
        .map(JsonNode::asLong)
        .toList();
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }
}
