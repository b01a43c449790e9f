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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Forwarding to a real rsyslog 8 relay over UDP, TCP and TLS, with the structured data parsed by
 * {@code mmpstrucdata}; the relay stopped in the middle of 1,000 appends loses nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyslogToRsyslogIT {
  private static final Duration WITHIN = Duration.ofSeconds(60);
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
                "palisade.syslog.poll-interval", "100ms",
                "palisade.syslog.connect-timeout", "2s"));
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    relay.close();
  }

  private void put(String path, Map<String, Object> body) throws Exception {
    Http.Response r = http.send("PUT", path, Http.JSON.writeValueAsString(body), admin, Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static Map<String, Object> destination(String transport, int port) {
    Map<String, Object> m = new HashMap<>();
    m.put("host", "127.0.0.1");
    m.put("port", port);
    m.put("transport", transport);
    return m;
  }

  private List<JsonNode> from(String orgId) throws Exception {
    List<JsonNode> mine = new ArrayList<>();
    for (JsonNode n : relay.received()) {
      if (orgId.equals(n.at("/sd/palisade@32473/org_id").asText())) {
        mine.add(n);
      }
    }
    return mine;
  }

  private static boolean isType(JsonNode n, String type) {
    return n.at("/sd/palisade@32473/event_type").asText().equals(type);
  }

  private void arrives(String orgId, String type) throws Exception {
    Eventually.until(WITHIN, () -> from(orgId).stream().anyMatch(n -> isType(n, type)));
  }

  private String orgId(String slug) {
    return http.get("/api/v1/orgs/" + slug, admin).json().get("id").asText();
  }

  @Test
  void anAuditEntryArrivesOverTcpWithEveryFieldParsed() throws Exception {
    server.createOrg(admin, "tcp-org");
    String id = orgId("tcp-org");
    Map<String, Object> d = destination("tcp", relay.tcpPort);
    d.put("hostname", "palisade-test-host");
    d.put("facility", "local4");
    put("/api/v1/orgs/tcp-org/syslog", d);
    assertThat(
            http.patch("/api/v1/orgs/tcp-org", Http.json("name", "Renamed \"q\" ]"), admin)
                .status())
        .isEqualTo(200);
    arrives(id, "org.settings.changed");
    JsonNode n =
        from(id).stream().filter(x -> isType(x, "org.settings.changed")).findFirst().orElseThrow();
    JsonNode sd = n.at("/sd/palisade@32473");
    assertThat(n.get("pri").asText()).isEqualTo(String.valueOf(20 * 8 + 6));
    assertThat(n.get("hostname").asText()).isEqualTo("palisade-test-host");
    assertThat(n.get("app").asText()).isEqualTo("palisade");
    assertThat(n.get("msgid").asText()).isEqualTo("audit");
    assertThat(n.get("procid").asText()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    assertThat(sd.get("event_id").asText()).hasSize(36);
    assertThat(sd.get("org_id").asText()).isEqualTo(id);
    assertThat(sd.get("actor").asText()).startsWith("user:");
    assertThat(sd.get("subject").asText()).isEqualTo("organization:" + id);
    assertThat(sd.get("sequence").asLong()).isPositive();
    assertThat(sd.get("chain_hash").asText()).matches("[0-9a-f]{64}");
    JsonNode entry =
        http.get("/api/v1/orgs/tcp-org/audit?action=org.settings.changed", admin)
            .json()
            .at("/items/0");
    assertThat(sd.get("event_id").asText()).isEqualTo(entry.get("id").asText());
    assertThat(sd.get("sequence").asLong()).isEqualTo(entry.get("sequence").asLong());
    assertThat(
            http.get("/api/v1/orgs/tcp-org/syslog", admin)
                .json()
                .at("/state/connected")
                .asBoolean())
        .isTrue();
    assertThat(http.get("/metrics", null).body())
        .containsPattern(
            "palisade_syslog_messages_total\\{result=\"sent\",scope_type=\"org\",transport=\"tcp\",?\\}"
                + " [1-9]")
        .contains("palisade_syslog_lag_entries");
  }

  @Test
  void theInstallChainArrivesOverUdp() throws Exception {
    Map<String, Object> d = destination("udp", relay.udpPort);
    d.put("appName", "palisade-install");
    put("/api/v1/install/syslog", d);
    Eventually.until(
        WITHIN,
        () ->
            relay.received().stream()
                .anyMatch(
                    n ->
                        n.get("app").asText().equals("palisade-install")
                            && n.at("/sd/palisade@32473/event_type")
                                .asText()
                                .equals("syslog.destination_changed")));
    JsonNode test = http.post("/api/v1/install/syslog/test", "{}", admin).json();
    assertThat(test.get("ok").asBoolean()).as(test.toString()).isTrue();
    assertThat(test.get("proven").asText()).isEqualTo("sent");
    String nonce = test.get("nonce").asText();
    Eventually.until(
        WITHIN,
        () ->
            relay.received().stream()
                .anyMatch(n -> nonce.equals(n.at("/sd/palisade@32473/nonce").asText())));
  }

  @Test
  void tlsWithThePrivateCaDeliversAndTheTestActionProvesTheConnection() throws Exception {
    server.createOrg(admin, "tls-org");
    String id = orgId("tls-org");
    Map<String, Object> d = destination("tls", relay.tlsPort);
    d.put("caCertPem", relay.caPem());
    put("/api/v1/orgs/tls-org/syslog", d);
    JsonNode test = http.post("/api/v1/orgs/tls-org/syslog/test", "{}", admin).json();
    assertThat(test.get("ok").asBoolean()).as(test.toString()).isTrue();
    assertThat(test.get("proven").asText()).isEqualTo("written, connection open");
    assertThat(test.findValuesAsText("name"))
        .contains("resolve", "connect", "tls", "write", "hold");
    String nonce = test.get("nonce").asText();
    Eventually.until(
        WITHIN,
        () ->
            from(id).stream()
                .anyMatch(n -> nonce.equals(n.at("/sd/palisade@32473/nonce").asText())));
    arrives(id, "syslog.destination_changed");
  }

  @Test
  void tlsWithAWrongCaFailsTheTestActionNamingTheCertificateProblem() throws Exception {
    server.createOrg(admin, "wrong-ca");
    Map<String, Object> d = destination("tls", relay.tlsPort);
    d.put("caCertPem", relay.otherCaPem());
    put("/api/v1/orgs/wrong-ca/syslog", d);
    JsonNode test = http.post("/api/v1/orgs/wrong-ca/syslog/test", "{}", admin).json();
    assertThat(test.get("ok").asBoolean()).isFalse();
    assertThat(test.get("reason").asText()).isEqualTo("tls");
    assertThat(test.get("detail").asText()).contains("not issued by a trusted CA");
    Eventually.until(
        WITHIN,
        () ->
            http.get("/api/v1/orgs/wrong-ca/syslog", admin)
                .json()
                .at("/state/lastError")
                .asText()
                .startsWith("tls:"));
  }

  @Test
  void theRelayStoppedDuringAThousandAppendsStillReceivesEveryEntryInOrder() throws Exception {
    server.createOrg(admin, "outage");
    String id = orgId("outage");
    put("/api/v1/orgs/outage/syslog", destination("tcp", relay.tcpPort));
    Scope scope =
        Scope.of(server.context().getBean(Organizations.class).findBySlug("outage").orElseThrow());
    AuditLog audit = server.context().getBean(AuditLog.class);
    long first = -1;
    for (int i = 1; i <= 1000; i++) {
      long seq =
          audit
              .record(
                  scope,
                  AuditEvent.by("system", "system:outage-test")
                      .reason("append " + i)
                      .action("test.appended"))
              .sequence();
      first = first < 0 ? seq : first;
      if (i == 300) {
        Eventually.until(WITHIN, () -> appended(id).size() >= 100);
        relay.stop();
      }
      if (i == 700) {
        relay.run();
      }
    }
    long from = first;
    Eventually.until(WITHIN, () -> new LinkedHashSet<>(appended(id)).size() == 1000);
    List<Long> seen = appended(id);
    Set<Long> distinct = new LinkedHashSet<>(seen);
    List<Long> expected = new ArrayList<>();
    for (long s = from; s < from + 1000; s++) {
      expected.add(s);
    }
    assertThat(new ArrayList<>(distinct))
        .as("first arrival of each sequence, in order")
        .isEqualTo(expected);
    System.out.println("outage test: " + seen.size() + " messages for 1000 entries");
  }

  private JsonNode testOf(String slug, Map<String, Object> destination) throws Exception {
    server.createOrg(admin, slug);
    put("/api/v1/orgs/" + slug + "/syslog", destination);
    return http.post("/api/v1/orgs/" + slug + "/syslog/test", "{}", admin).json();
  }

  @Test
  void aCertificateThatDoesNotNameTheHostFailsTheTestSayingSo() throws Exception {
    try (Rsyslog misnamed = Rsyslog.start("DNS:relay.example")) {
      Map<String, Object> d = destination("tls", misnamed.tlsPort);
      d.put("caCertPem", misnamed.caPem());
      JsonNode test = testOf("misnamed", d);
      assertThat(test.get("ok").asBoolean()).isFalse();
      assertThat(test.get("reason").asText()).isEqualTo("tls");
      assertThat(test.get("detail").asText()).contains("does not name the host");
    }
  }

  @Test
  void aClosedPortFailsTheTestAsRefused() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    JsonNode test = testOf("refused", destination("tcp", closed));
    assertThat(test.get("ok").asBoolean()).isFalse();
    assertThat(test.get("reason").asText()).isEqualTo("refused");
    assertThat(test.findValuesAsText("name")).containsExactly("resolve", "connect");
  }

  @Test
  void aRelayThatNeverAnswersTheHandshakeFailsTheTestAsATimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      JsonNode test = testOf("silent", destination("tls", silent.getLocalPort()));
      assertThat(test.get("ok").asBoolean()).isFalse();
      assertThat(test.get("reason").asText()).isEqualTo("timeout");
      assertThat(test.findValuesAsText("name")).containsExactly("resolve", "connect", "tls");
    }
  }

  private List<Long> appended(String orgId) throws Exception {
    List<Long> seqs = new ArrayList<>();
    for (JsonNode n : from(orgId)) {
      if (isType(n, "test.appended")) {
        seqs.add(n.at("/sd/palisade@32473/sequence").asLong());
      }
    }
    return seqs;
  }
}
