package dev.palisade.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The job runner on a real server and database: records, metrics, spans, failures, timeouts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRunnerIT {
  static final Map<String, Object> CONFIG =
      Map.of(
          "palisade.test.jobs", "true",
          "palisade.test.in-memory-spans", "true",
          "palisade.jobs.test-controlled.timeout", "2s",
          "palisade.jobs.key-provider-verification.enabled", "false",
          "palisade.jobs.audit-chain-verification.cadence", "5m");
  private static final String RUN = "/api/v1/install/jobs/" + ControlledTestJob.NAME + "/run";

  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start(CONFIG);
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void reset() {
    ControlledTestJob.reset();
  }

  @Test
  void listsEveryJobWithItsEffectiveSettings() {
    JsonNode jobs = http.get("/api/v1/install/jobs", admin).json();
    Map<String, JsonNode> byName = new HashMap<>();
    jobs.forEach(j -> byName.put(j.get("name").asText(), j));
    assertThat(byName)
        .containsKeys(
            "key-provider-verification", "audit-chain-verification", ControlledTestJob.NAME);
    assertThat(byName.get("key-provider-verification").get("enabled").asBoolean()).isFalse();
    assertThat(byName.get("audit-chain-verification").get("cadenceSeconds").asLong())
        .isEqualTo(300);
    assertThat(byName.get(ControlledTestJob.NAME).get("timeout").asText()).isEqualTo("PT2S");
    assertThat(byName.get(ControlledTestJob.NAME).has("nextRunAt"))
        .as("no scheduler runs in this server")
        .isFalse();
  }

  @Test
  void recordsASuccessfulRunWithMetricsAndASpan() throws Exception {
    InMemorySpanExporter spans = server.context().getBean(InMemorySpanExporter.class);
    spans.reset();
    ControlledTestJob.message = "checked 3 things";

    Http.Response r = http.post(RUN, "", admin);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode run = r.json();
    assertThat(run.get("status").asText()).isEqualTo("success");
    assertThat(run.get("summary").asText()).isEqualTo("checked 3 things");
    assertThat(run.get("trigger").asText()).isEqualTo("manual");
    assertThat(run.get("triggeredBy").asText()).startsWith("install-admin:");
    assertThat(run.has("endedAt")).isTrue();
    String id = run.get("id").asText();
    assertThat(http.get("/api/v1/install/jobs/runs/" + id, admin).json().get("status").asText())
        .isEqualTo("success");

    String metrics = http.get("/metrics", null).body();
    assertThat(metrics)
        .containsPattern(
            "palisade_jobs_completed_total\\{job_name=\"test-controlled\",result=\"success\"} [1-9]")
        .contains("palisade_jobs_duration_seconds_bucket{job_name=\"test-controlled\"")
        .containsPattern(
            "palisade_jobs_last_success_timestamp_seconds\\{job_name=\"test-controlled\"} [0-9.]+E9");

    List<SpanData> jobSpans =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("job test-controlled"))
            .toList();
    assertThat(jobSpans).hasSize(1);
    assertThat(jobSpans.get(0).getAttributes().asMap().toString()).contains(id);
  }

  @Test
  void turnsAThrownFailureIntoAFailedRunAndASanitizedSecurityEvent() throws Exception {
    ControlledTestJob.mode = ControlledTestJob.Mode.THROW;
    ControlledTestJob.message =
        "cannot reach postgresql://svc:Pl4ntedPw@db.internal/x password=Pl4ntedPw2";

    Http.Response r = http.post(RUN, "", admin);

    assertThat(r.status()).isEqualTo(200);
    JsonNode run = r.json();
    assertThat(run.get("status").asText()).isEqualTo("failed");
    assertThat(run.get("summary").asText())
        .contains("IllegalStateException")
        .doesNotContain("Pl4ntedPw");
    try (Connection c = server.db().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select type, severity, reason, org_id from security_events where job_run_id = ?")) {
      ps.setObject(1, java.util.UUID.fromString(run.get("id").asText()));
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("a security event for the failed run").isTrue();
        assertThat(rs.getString("type")).isEqualTo("jobFailed");
        assertThat(rs.getString("reason")).contains("test-controlled").doesNotContain("Pl4ntedPw");
        assertThat(rs.getObject("org_id")).isNull();
      }
    }
    assertThat(http.get("/metrics", null).body())
        .containsPattern(
            "palisade_jobs_completed_total\\{job_name=\"test-controlled\",result=\"failed\"} [1-9]");
  }

  @Test
  void opensAJobFailingIncidentAfterRepeatedFailuresAndResolvesItOnSuccess() throws Exception {
    ControlledTestJob.mode = ControlledTestJob.Mode.FAIL;
    ControlledTestJob.message = "upstream refused";
    for (int i = 0; i < 3; i++) {
      assertThat(http.post(RUN, "", admin).json().get("status").asText()).isEqualTo("failed");
    }
    String active =
        "select count(*) from incidents where kind = 'jobFailing'"
            + " and subject = 'job:test-controlled' and resolved_at is null";
    assertThat(server.db().count(active)).isEqualTo(1);

    ControlledTestJob.mode = ControlledTestJob.Mode.SUCCEED;
    assertThat(http.post(RUN, "", admin).json().get("status").asText()).isEqualTo("success");

    assertThat(server.db().count(active)).isZero();
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from incidents where kind = 'jobFailing'"
                        + " and subject = 'job:test-controlled' and resolved_at is not null"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void recordsAPartialRunWithoutASecurityEvent() throws Exception {
    ControlledTestJob.mode = ControlledTestJob.Mode.PARTIAL;
    ControlledTestJob.message = "2 of 3 done";
    JsonNode run = http.post(RUN, "", admin).json();
    assertThat(run.get("status").asText()).isEqualTo("partial");
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from security_events where job_run_id = '"
                        + run.get("id").asText()
                        + "'"))
        .isZero();
  }

  @Test
  void stopsARunPastItsTimeoutAndRecordsItFailed() throws Exception {
    ControlledTestJob.mode = ControlledTestJob.Mode.SLEEP;
    ControlledTestJob.sleep = Duration.ofSeconds(30);
    long t0 = System.nanoTime();

    JsonNode run = http.post(RUN, "", admin).json();

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(run.get("status").asText()).isEqualTo("failed");
    assertThat(run.get("summary").asText()).contains("timed out after PT2S");
    assertThat(ControlledTestJob.interrupted.get()).as("the job's thread was interrupted").isTrue();
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from security_events where type = 'jobTimedOut'"
                        + " and job_run_id = '"
                        + run.get("id").asText()
                        + "'"))
        .isEqualTo(1);
  }

  @Test
  void refusesASecondTriggerWhileARunIsInProgress() throws Exception {
    ControlledTestJob.mode = ControlledTestJob.Mode.BLOCK;
    ControlledTestJob.gate = new CountDownLatch(1);
    CompletableFuture<Http.Response> first =
        CompletableFuture.supplyAsync(() -> http.post(RUN, "", admin));
    assertThat(ControlledTestJob.entered.await(10, TimeUnit.SECONDS)).isTrue();

    Http.Response second = http.post(RUN, "", admin);
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().get("detail").asText()).contains("running already");
    JsonNode listed = http.get("/api/v1/install/jobs", admin).json();
    for (JsonNode j : listed) {
      if (j.get("name").asText().equals(ControlledTestJob.NAME)) {
        assertThat(j.get("running").asBoolean()).isTrue();
      }
    }

    ControlledTestJob.gate.countDown();
    assertThat(first.get(20, TimeUnit.SECONDS).json().get("status").asText()).isEqualTo("success");
    assertThat(ControlledTestJob.runs.get()).isEqualTo(1);
  }

  @Test
  void closesRunsAbandonedByAStoppedInstance() throws Exception {
    java.util.UUID orphan = java.util.UUID.randomUUID();
    try (Connection c = server.db().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into job_runs (id, job, trigger, instance, started_at, status)"
                    + " values (?, 'test-controlled', 'schedule', 'gone:1', now() - interval '1 day',"
                    + " 'running')")) {
      ps.setObject(1, orphan);
      ps.executeUpdate();
    }

    assertThat(http.post(RUN, "", admin).json().get("status").asText()).isEqualTo("success");

    JsonNode old = http.get("/api/v1/install/jobs/runs/" + orphan, admin).json();
    assertThat(old.get("status").asText()).isEqualTo("failed");
    assertThat(old.get("summary").asText()).contains("abandoned");
  }

  @Test
  void pagesTheRunHistoryNewestFirstWithFilters() {
    for (int i = 0; i < 3; i++) {
      http.post(RUN, "", admin);
    }
    JsonNode page1 =
        http.get("/api/v1/install/jobs/runs?job=test-controlled&status=success&limit=2", admin)
            .json();
    assertThat(page1.get("items")).hasSize(2);
    String cursor = page1.get("nextCursor").asText();
    JsonNode page2 =
        http.get(
                "/api/v1/install/jobs/runs?job=test-controlled&status=success&limit=2&cursor="
                    + cursor,
                admin)
            .json();
    assertThat(page2.get("items").size()).isGreaterThanOrEqualTo(1);
    String newestOfPage1 = page1.at("/items/1/startedAt").asText();
    String newestOfPage2 = page2.at("/items/0/startedAt").asText();
    assertThat(newestOfPage2.compareTo(newestOfPage1)).isLessThanOrEqualTo(0);
    page1.get("items").forEach(i -> assertThat(i.get("status").asText()).isEqualTo("success"));
  }

  @Test
  void rejectsBadFiltersAndUnknownJobsAndNonAdmins() {
    Http.Response status = http.get("/api/v1/install/jobs/runs?status=bogus", admin);
    assertThat(status.status()).isEqualTo(422);
    assertThat(status.json().get("field").asText()).isEqualTo("status");
    Http.Response job = http.get("/api/v1/install/jobs/runs?job=nope", admin);
    assertThat(job.status()).isEqualTo(422);
    assertThat(job.json().get("field").asText()).isEqualTo("job");
    assertThat(http.post("/api/v1/install/jobs/nope/run", "", admin).status()).isEqualTo(404);

    server.createOrg(admin, "jobs-org");
    String member = server.member(admin, "jobs-org", "m@example.com", "admin");
    assertThat(http.get("/api/v1/install/jobs", member).status()).isEqualTo(403);
    assertThat(http.post(RUN, "", member).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/install/jobs", null).status()).isEqualTo(401);
  }
}
