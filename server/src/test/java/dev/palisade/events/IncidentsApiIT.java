package dev.palisade.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.Promtool;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Incidents: opened, repeated, resolved, listed and counted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentsApiIT {
  private static final String LIST = "/api/v1/install/incidents";

  private TestServer server;
  private Http http;
  private String admin;
  private SecurityEvents events;
  private Incidents incidents;
  private UUID orgId;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    orgId = UUID.fromString(http.get("/api/v1/orgs/acme", admin).json().get("id").asText());
    events = server.context().getBean(SecurityEvents.class);
    incidents = server.context().getBean(Incidents.class);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private UUID failure(String job, String reason) {
    UUID event =
        events.raise(
            SecurityEvents.event(SecurityEventType.JOB_FAILED, reason).context("job", job));
    return incidents.open(
        Incidents.JOB_FAILING, job, null, Severity.WARNING, "job " + job + ": " + reason, event);
  }

  @Test
  void aRepeatedConditionIsOneIncidentWithItsEventsAndResolvingMovesIt() throws Exception {
    UUID first = failure("backup", "disk full");
    server.clock().advance(Duration.ofMillis(5));
    UUID again = failure("backup", "still full");
    assertThat(again).isEqualTo(first);

    JsonNode detail = http.get(LIST + "/" + first, admin).json();
    JsonNode incident = detail.get("incident");
    assertThat(incident.get("kind").asText()).isEqualTo("jobFailing");
    assertThat(incident.get("subject").asText()).isEqualTo("backup");
    assertThat(incident.get("org").asText()).isEqualTo("install");
    assertThat(incident.get("occurrences").asInt()).isEqualTo(2);
    assertThat(incident.get("summary").asText()).isEqualTo("job backup: still full");
    assertThat(incident.get("state").asText()).isEqualTo("active");
    assertThat(incident.get("resolvedAt").isNull()).isTrue();
    assertThat(incident.get("lastSeenAt").asText())
        .isGreaterThan(incident.get("openedAt").asText());
    JsonNode recent = detail.get("recentEvents");
    assertThat(recent).hasSize(2);
    assertThat(recent.get(0).get("reason").asText()).isEqualTo("still full");
    assertThat(recent.get(1).get("reason").asText()).isEqualTo("disk full");
    assertThat(recent.get(0).get("incidentId").asText()).isEqualTo(first.toString());

    assertThat(ids(http.get(LIST, admin).json())).contains(first.toString());
    assertThat(incidents.resolve(Incidents.JOB_FAILING, "backup")).isTrue();
    assertThat(ids(http.get(LIST, admin).json())).doesNotContain(first.toString());
    JsonNode resolved = http.get(LIST + "?state=resolved", admin).json();
    assertThat(ids(resolved)).contains(first.toString());
    assertThat(http.get(LIST + "/" + first, admin).json().at("/incident/state").asText())
        .isEqualTo("resolved");

    UUID reopened = failure("backup", "full again");
    assertThat(reopened).isNotEqualTo(first);
    assertThat(http.get(LIST + "/" + reopened, admin).json().at("/incident/occurrences").asInt())
        .isEqualTo(1);
    incidents.resolve(Incidents.JOB_FAILING, "backup");
  }

  @Test
  void filtersByKindPagesAndOffersTheActiveListToOtherFeatures() throws Exception {
    UUID a = incidents.open(Incidents.LICENSE_INVALID, "license", orgId, Severity.HIGH, "a", null);
    server.clock().advance(Duration.ofMillis(5));
    UUID b =
        incidents.open(
            Incidents.AUDIT_CHAIN_BROKEN, "chain-x", orgId, Severity.CRITICAL, "b", null);
    server.clock().advance(Duration.ofMillis(5));
    UUID c =
        incidents.open(Incidents.AUDIT_CHAIN_BROKEN, "chain-y", null, Severity.CRITICAL, "c", null);
    try {
      assertThat(ids(http.get(LIST + "?kind=auditChainBroken", admin).json()))
          .containsExactly(c.toString(), b.toString());
      JsonNode page = http.get(LIST + "?kind=auditChainBroken&limit=1", admin).json();
      assertThat(ids(page)).containsExactly(c.toString());
      JsonNode next =
          http.get(
                  LIST + "?kind=auditChainBroken&limit=1&cursor=" + page.get("nextCursor").asText(),
                  admin)
              .json();
      assertThat(ids(next)).containsExactly(b.toString());
      assertThat(next.get("nextCursor").isNull()).isTrue();
      JsonNode withOrg = http.get(LIST + "/" + a, admin).json().get("incident");
      assertThat(withOrg.at("/org/slug").asText()).isEqualTo("acme");

      List<IncidentView> active = incidents.active();
      assertThat(active.stream().map(IncidentView::id).toList()).containsSubsequence(c, b, a);
      assertThat(active).allMatch(i -> i.state().equals("active"));
    } finally {
      incidents.resolve(Incidents.LICENSE_INVALID, "license");
      incidents.resolve(Incidents.AUDIT_CHAIN_BROKEN, "chain-x");
      incidents.resolve(Incidents.AUDIT_CHAIN_BROKEN, "chain-y");
    }
  }

  @Test
  void badParametersAre422NamingTheField() {
    String[][] cases = {
      {"?state=open", "state"},
      {"?limit=201", "limit"},
      {"?cursor=%2A%2A", "cursor"},
      {"?kind=" + "k".repeat(201), "kind"},
      {"/nope", "id"},
    };
    for (String[] c : cases) {
      Http.Response r = http.get(LIST + c[0], admin);
      assertThat(r.status()).as(c[0] + " " + r.body()).isEqualTo(422);
      assertThat(r.json().get("field").asText()).isEqualTo(c[1]);
    }
    assertThat(http.get(LIST + "/" + UUID.randomUUID(), admin).status()).isEqualTo(404);
  }

  @Test
  void theActiveGaugeIsReadAtMostOncePerCacheInterval() throws Exception {
    Http.Response first = http.get("/metrics", null);
    String line = "palisade_incidents_active{kind=\"keyProviderUnreachable\"} ";
    assertThat(first.body()).contains(line + "0.0");
    assertThat(first.body()).contains("palisade_incidents_active{kind=\"jobFailing\"}");
    assertThat(Promtool.check(first.body())).isEqualTo("0:");
    incidents.open(
        Incidents.KEY_PROVIDER_UNREACHABLE, "install", null, Severity.CRITICAL, "x", null);
    try {
      assertThat(http.get("/metrics", null).body()).as("cached").contains(line + "0.0");
      server.clock().advance(EventMetrics.CACHE.plusMillis(1));
      assertThat(http.get("/metrics", null).body()).contains(line + "1.0");
    } finally {
      incidents.resolve(Incidents.KEY_PROVIDER_UNREACHABLE, "install");
    }
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new java.util.ArrayList<>();
    page.get("items").forEach(i -> out.add(i.get("id").asText()));
    return out;
  }
}
