package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The install's and an organization's syslog destination: stored and shown, audited in their own
 * chain, refused field by field (422 naming it, nothing written), held to the outbound guard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyslogDestinationsApiIT {
  private TestServer server;
  private Http http;
  private String admin;
  private String orgAdmin;
  private String member;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.net.allow", "127.0.0.1/32"));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    orgAdmin = server.member(admin, "acme", "siem@example.com", "admin");
    member = server.member(admin, "acme", "plain@example.com", "member");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static Map<String, Object> valid() {
    Map<String, Object> m = new HashMap<>();
    m.put("host", "127.0.0.1");
    m.put("port", 6514);
    m.put("transport", "tcp");
    return m;
  }

  private long orgDestinations() throws Exception {
    try (Connection c = server.db().connect(server.db().tenantPrefix() + "acme");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select (select count(*) from syslog_destination)"
                        + " + (select count(*) from audit_entries)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Http.Response put(String path, Map<String, Object> body, String token) throws Exception {
    return http.send("PUT", path, Http.JSON.writeValueAsString(body), token, Map.of());
  }

  @Test
  void anOrganizationsDestinationIsStoredShownWithDefaultsAndAudited() throws Exception {
    Map<String, Object> body = valid();
    body.put("port", 601);
    body.put("hostname", "palisade-eu-1");
    Http.Response put = put("/api/v1/orgs/acme/syslog", body, orgAdmin);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    JsonNode got = http.get("/api/v1/orgs/acme/syslog", orgAdmin).json();
    assertThat(got.get("configured").asBoolean()).isTrue();
    assertThat(got.at("/settings/host").asText()).isEqualTo("127.0.0.1");
    assertThat(got.at("/settings/port").asInt()).isEqualTo(601);
    assertThat(got.at("/settings/transport").asText()).isEqualTo("tcp");
    assertThat(got.at("/settings/facility").asText()).isEqualTo("local6");
    assertThat(got.at("/settings/appName").asText()).isEqualTo("palisade");
    assertThat(got.at("/settings/hostname").asText()).isEqualTo("palisade-eu-1");
    assertThat(got.at("/settings/enabled").asBoolean()).isTrue();
    assertThat(got.has("state")).isTrue();
    assertThat(got.at("/counters/dropped").asLong()).isZero();

    JsonNode audit =
        http.get("/api/v1/orgs/acme/audit?action=syslog.destination_changed", orgAdmin).json();
    assertThat(audit.at("/items/0/metadata/host").asText()).isEqualTo("127.0.0.1");
    assertThat(audit.at("/items/0/metadata/port").asInt()).isEqualTo(601);
    assertThat(audit.at("/items/0/actor/id").asText()).startsWith("member:");
  }

  @Test
  void theInstallsDestinationNeedsAnInstallAdminAndIsAuditedInTheInstallChain() throws Exception {
    Http.Response refused = put("/api/v1/install/syslog", valid(), orgAdmin);
    assertThat(refused.status()).isEqualTo(403);
    Http.Response put = put("/api/v1/install/syslog", valid(), admin);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(http.get("/api/v1/install/syslog", admin).json().at("/settings/port").asInt())
        .isEqualTo(6514);
    assertThat(
            http.get("/api/v1/install/audit?action=syslog.destination_changed", admin)
                .json()
                .at("/items/0/metadata/transport")
                .asText())
        .isEqualTo("tcp");
  }

  @Test
  void aMemberWithoutSettingsManageIsRefused() {
    assertThat(http.get("/api/v1/orgs/acme/syslog", member).status()).isEqualTo(403);
    assertThat(
            http.send(
                    "PUT",
                    "/api/v1/orgs/acme/syslog",
                    Http.json("host", "127.0.0.1", "port", 514, "transport", "udp"),
                    member,
                    Map.of())
                .status())
        .isEqualTo(403);
  }

  private record Bad(String field, Object value) {}

  @Test
  void badValuesAre422NamingTheFieldAndWriteNothing() throws Exception {
    long before = orgDestinations();
    List<Bad> bad =
        List.of(
            new Bad("host", null),
            new Bad("host", ""),
            new Bad("host", "has space"),
            new Bad("host", "h".repeat(254)),
            new Bad("host", "169.254.169.254"),
            new Bad("host", "10.1.2.3"),
            new Bad("port", null),
            new Bad("port", 0),
            new Bad("port", 65_536),
            new Bad("transport", null),
            new Bad("transport", "smtp"),
            new Bad("facility", "kern"),
            new Bad("hostname", "with space"),
            new Bad("hostname", "h".repeat(256)),
            new Bad("hostname", ""),
            new Bad("appName", "a".repeat(49)),
            new Bad("appName", "naïve"),
            new Bad("caCertPem", "not a certificate"),
            new Bad("caCertPem", "x".repeat(70_000)),
            new Bad("enabled", "yes"));
    List<String> wrong = new ArrayList<>();
    for (Bad b : bad) {
      Map<String, Object> body = valid();
      body.put(b.field(), b.value());
      Http.Response r = put("/api/v1/orgs/acme/syslog", body, orgAdmin);
      if (r.status() != 422
          || !r.contentType().startsWith("application/problem+json")
          || !b.field().equals(r.json().path("field").asText())) {
        wrong.add(b + " -> " + r.status() + " " + r.body());
      }
    }
    Map<String, Object> caOverTcp = valid();
    caOverTcp.put("caCertPem", "-----BEGIN CERTIFICATE-----");
    Http.Response r = put("/api/v1/orgs/acme/syslog", caOverTcp, orgAdmin);
    assertThat(r.json().path("field").asText()).isEqualTo("caCertPem");
    assertThat(wrong).as("answers that are not a 422 naming the field").isEmpty();
    assertThat(orgDestinations()).isEqualTo(before);
  }

  @Test
  void theTestActionWithoutADestinationIs404() {
    server.createOrg(admin, "bare");
    Http.Response r = http.post("/api/v1/orgs/bare/syslog/test", "{}", admin);
    assertThat(r.status()).isEqualTo(404);
    assertThat(http.get("/api/v1/orgs/bare/syslog", admin).json().get("configured").asBoolean())
        .isFalse();
  }
}
