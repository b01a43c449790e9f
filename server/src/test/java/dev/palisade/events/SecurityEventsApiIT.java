package dev.palisade.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.Promtool;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The security events listings: filters, paging, scoping, and what is stored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityEventsApiIT {
  private static final String LIST = "/api/v1/install/security-events";

  private TestServer server;
  private Http http;
  private String admin;
  private UUID alpha;
  private UUID beta;
  private final List<UUID> raised = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "alpha");
    server.createOrg(admin, "beta");
    alpha = UUID.fromString(http.get("/api/v1/orgs/alpha", admin).json().get("id").asText());
    beta = UUID.fromString(http.get("/api/v1/orgs/beta", admin).json().get("id").asText());
    raise(SecurityEvents.event(SecurityEventType.JOB_FAILED, "job x failed").context("job", "x"));
    raise(SecurityEvents.event(SecurityEventType.LICENSE_INVALID, "signature").org(alpha));
    raise(SecurityEvents.event(SecurityEventType.KEY_PROVIDER_UNAVAILABLE, "down").org(beta));
    raise(SecurityEvents.event(SecurityEventType.JOB_TIMED_OUT, "slow").org(alpha));
    raise(SecurityEvents.event(SecurityEventType.AUDIT_CHAIN_BROKEN, "broken").org(alpha));
  }

  private void raise(SecurityEvents.NewEvent e) throws InterruptedException {
    raised.add(0, server.context().getBean(SecurityEvents.class).raise(e));
    server.clock().advance(Duration.ofMillis(5));
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("items").forEach(i -> out.add(i.get("id").asText()));
    return out;
  }

  private List<String> ids(List<UUID> uuids) {
    return uuids.stream().map(UUID::toString).toList();
  }

  @Test
  void listsEveryEventNewestFirstWithItsFields() {
    Http.Response r = http.get(LIST + "?limit=200", admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(ids(r.json())).containsSubsequence(ids(raised));
    JsonNode newest = r.json().get("items").get(0);
    assertThat(newest.get("type").asText()).isEqualTo("auditChainBroken");
    assertThat(newest.get("severity").asText()).isEqualTo("critical");
    assertThat(newest.get("org").get("id").asText()).isEqualTo(alpha.toString());
    assertThat(newest.get("org").get("slug").asText()).isEqualTo("alpha");
    assertThat(newest.get("reason").asText()).isEqualTo("broken");
    for (String f :
        new String[] {"occurredAt", "jobRunId", "evidenceId", "incidentId", "context"}) {
      assertThat(newest.has(f)).as(f).isTrue();
    }
    JsonNode install = http.get(LIST + "?org=install", admin).json().get("items").get(0);
    assertThat(install.get("org").asText()).isEqualTo("install");
    assertThat(install.get("context").get("job").asText()).isEqualTo("x");
  }

  @Test
  void filtersByTypeOrganizationMinimumSeverityAndTime() {
    assertThat(ids(http.get(LIST + "?type=licenseInvalid", admin).json()))
        .containsExactly(raised.get(3).toString());
    assertThat(ids(http.get(LIST + "?org=alpha", admin).json()))
        .containsExactly(
            ids(List.of(raised.get(0), raised.get(1), raised.get(3))).toArray(String[]::new));
    assertThat(ids(http.get(LIST + "?org=install", admin).json()))
        .containsExactly(raised.get(4).toString());
    assertThat(ids(http.get(LIST + "?severity=high", admin).json()))
        .containsExactly(
            ids(List.of(raised.get(0), raised.get(2), raised.get(3))).toArray(String[]::new));
    assertThat(ids(http.get(LIST + "?severity=critical&org=beta", admin).json()))
        .containsExactly(raised.get(2).toString());
    String middle = http.get(LIST + "/" + raised.get(2), admin).json().get("occurredAt").asText();
    assertThat(ids(http.get(LIST + "?from=" + middle, admin).json()))
        .containsExactly(ids(raised.subList(0, 3)).toArray(String[]::new));
    assertThat(ids(http.get(LIST + "?to=" + middle, admin).json()))
        .containsExactly(ids(raised.subList(3, 5)).toArray(String[]::new));
  }

  @Test
  void pagesWithAKeysetCursorWithoutGapsOrRepeats() {
    List<String> seen = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      JsonNode page = http.get(LIST + "?limit=2&cursor=" + cursor, admin).json();
      seen.addAll(ids(page));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(ids(raised));
  }

  @Test
  void badFiltersAre422NamingTheField() {
    String[][] cases = {
      {"type=nope", "type"},
      {"org=no-such-org", "org"},
      {"severity=urgent", "severity"},
      {"from=yesterday", "from"},
      {"to=2026-13-01", "to"},
      {"from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"},
      {"limit=0", "limit"},
      {"limit=abc", "limit"},
      {"cursor=***", "cursor"},
      {"cursor=bm90LWEtY3Vyc29y", "cursor"},
    };
    for (String[] c : cases) {
      Http.Response r = http.get(LIST + "?" + c[0], admin);
      assertThat(r.status()).as(c[0] + " " + r.body()).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("field").asText()).as(c[0]).isEqualTo(c[1]);
    }
    Http.Response org = http.get("/api/v1/orgs/alpha/security-events?severity=loud", admin);
    assertThat(org.status()).isEqualTo(422);
    assertThat(org.json().get("field").asText()).isEqualTo("severity");
  }

  @Test
  void oneEventByIdAnd404ForAnUnknownOne() {
    JsonNode e = http.get(LIST + "/" + raised.get(4), admin).json();
    assertThat(e.get("type").asText()).isEqualTo("jobFailed");
    assertThat(http.get(LIST + "/" + UUID.randomUUID(), admin).status()).isEqualTo(404);
    Http.Response bad = http.get(LIST + "/not-a-uuid", admin);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("field").asText()).isEqualTo("id");
  }

  @Test
  void anOrganizationSeesOnlyItsOwnEventsAndOnlyWithAuditView() {
    String auditor = server.member(admin, "alpha", "auditor@example.com", "auditor");
    String member = server.member(admin, "alpha", "member@example.com", "member");
    String betaAdmin = server.member(admin, "beta", "badmin@example.com", "admin");
    Http.Response own = http.get("/api/v1/orgs/alpha/security-events", auditor);
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(ids(own.json()))
        .containsExactly(
            ids(List.of(raised.get(0), raised.get(1), raised.get(3))).toArray(String[]::new));
    assertThat(http.get("/api/v1/orgs/alpha/security-events", member).status()).isEqualTo(403);
    Http.Response other = http.get("/api/v1/orgs/alpha/security-events", betaAdmin);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(http.get(LIST, auditor).status()).isEqualTo(403);
    assertThat(http.get(LIST, null).status()).isEqualTo(401);
  }

  @Test
  void aSecretInTheReasonOrContextIsNeverStored() throws Exception {
    UUID id =
        server
            .context()
            .getBean(SecurityEvents.class)
            .raise(
                SecurityEvents.event(
                        SecurityEventType.KEY_PROVIDER_VERIFICATION_FAILED,
                        "vault said {\"errors\":[\"token hvs.CAESIPlantedSecret0123456789\"]}\n"
                            + "\tat secret.Stack(password=hunter2-planted)")
                    .context("url", "https://ops:pw-planted-77@vault:8200/v1/transit")
                    .context("header", "X-Vault-Token: hvs.CAESIPlantedSecret0123456789"));
    try (Connection c = server.db().connect();
        PreparedStatement ps =
            c.prepareStatement("select reason, context from security_events where id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        String stored = rs.getString(1) + " " + rs.getString(2);
        assertThat(stored)
            .doesNotContain("CAESIPlantedSecret")
            .doesNotContain("hunter2")
            .doesNotContain("pw-planted")
            .doesNotContain("secret.Stack")
            .contains("vault said")
            .contains("https://")
            .contains("vault:8200/v1/transit");
      }
    }
    try {
      String api = http.get(LIST + "/" + id, admin).body();
      assertThat(api).doesNotContain("CAESIPlantedSecret").doesNotContain("pw-planted");
    } finally {
      // the other tests expect exactly the five events raised at start
      server
          .db()
          .count(
              "with d as (delete from security_events where id = '"
                  + id
                  + "' returning 1) select count(*) from d");
    }
  }

  @Test
  void theCounterIsScrapedForEveryTypeAndCountsRaisedEvents() throws Exception {
    String scrape = http.get("/metrics", null).body();
    assertThat(Promtool.check(scrape)).isEqualTo("0:");
    for (SecurityEventType t : SecurityEventType.values()) {
      assertThat(scrape)
          .contains(
              "palisade_security_events_total{severity=\""
                  + t.severity().value()
                  + "\",type=\""
                  + t.value()
                  + "\"}");
    }
    assertThat(scrape)
        .containsPattern(
            "palisade_security_events_total\\{severity=\"critical\",type=\"auditChainBroken\"} [1-9]");
  }
}
