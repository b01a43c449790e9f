package dev.palisade.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Operations page: everything an operator checks daily, in one call. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsPageIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            Map.of(
                "palisade.test.jobs", "true",
                "palisade.jobs.audit-chain-verification.enabled", "false"));
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void showsActiveIncidentsLicenseVersionAndRecentRunsOfEveryJob() {
    String run = "/api/v1/install/jobs/test-controlled/run";
    dev.palisade.jobs.OperationsAccess.failTestJob("downstream refused the call");
    for (int i = 0; i < 4; i++) {
      assertThat(http.post(run, "", admin).json().get("status").asText()).isEqualTo("failed");
    }
    assertThat(http.post("/api/v1/install/jobs/key-provider-verification/run", "", admin).status())
        .isEqualTo(200);

    Http.Response r = http.get("/api/v1/install/operations", admin);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode page = r.json();
    assertThat(page.has("generatedAt")).isTrue();

    JsonNode incidents = page.get("activeIncidents");
    assertThat(incidents).hasSize(1);
    assertThat(incidents.at("/0/kind").asText()).isEqualTo("jobFailing");
    assertThat(incidents.at("/0/subject").asText()).isEqualTo("job:test-controlled");
    assertThat(incidents.at("/0/summary").asText()).contains("downstream refused the call");

    assertThat(page.at("/license/state").asText()).isEqualTo("evaluation");
    assertThat(page.at("/license/usable").asBoolean()).isTrue();
    assertThat(page.at("/version/running").asText()).isNotBlank().isNotEqualTo("unknown");
    assertThat(page.at("/version").has("latest")).as("offline: no newer version known").isFalse();

    Map<String, JsonNode> jobs = new HashMap<>();
    page.get("jobs").forEach(j -> jobs.put(j.get("name").asText(), j));
    assertThat(jobs)
        .containsKeys(
            "reconcile-license-state",
            "key-provider-verification",
            "audit-chain-verification",
            "security-event-retention-sweep",
            "test-controlled");
    JsonNode controlled = jobs.get("test-controlled");
    assertThat(controlled.get("lastRuns")).hasSize(3);
    assertThat(controlled.at("/lastRuns/0/startedAt").asText())
        .isGreaterThan(controlled.at("/lastRuns/2/startedAt").asText());
    assertThat(jobs.get("key-provider-verification").at("/lastRuns/0/status").asText())
        .isEqualTo("success");
    assertThat(jobs.get("key-provider-verification").has("lastSuccessAt")).isTrue();
    assertThat(jobs.get("audit-chain-verification").get("enabled").asBoolean()).isFalse();
    assertThat(jobs.get("audit-chain-verification").get("lastRuns")).isEmpty();
  }

  @Test
  void isForInstallAdminsOnly() {
    server.createOrg(admin, "ops-org");
    String member = server.member(admin, "ops-org", "ops@example.com", "admin");
    assertThat(http.get("/api/v1/install/operations", member).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/install/operations", null).status()).isEqualTo(401);
  }
}
