package dev.palisade.functions;

import static dev.palisade.functions.FunctionFixture.event;
import static dev.palisade.functions.FunctionFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The job function invoked in-process with an EventBridge Scheduler schedule's input, as Lambda's
 * runtime would, on a real PostgreSQL: the run goes through the job runner (lock, {@code job_runs},
 * metrics) with trigger {@code external}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobFunctionIT {
  private static final String JOB = "audit-chain-verification";
  private static final int LOCK_NAMESPACE = 0x50414c4a;

  private FunctionFixture fixture;
  private JobFunction function;

  @BeforeAll
  void start() {
    fixture = new FunctionFixture(Map.of("palisade.jobs.key-provider-verification.enabled", false));
    function = new JobFunction(fixture.context());
  }

  @AfterAll
  void stop() throws Exception {
    fixture.close();
  }

  private long runs() throws Exception {
    return fixture.db().count("select count(*) from job_runs");
  }

  @Test
  void runsTheNamedJobAndAnswersItsRecordedRun() throws Exception {
    JsonNode outcome = invoke(function, event("scheduler-job.json", Map.of("job", JOB)));

    assertThat(outcome.get("job").asText()).isEqualTo(JOB);
    assertThat(outcome.get("status").asText()).as(outcome.toString()).isEqualTo("success");
    assertThat(outcome.get("summary").asText()).isNotBlank();
    UUID id = UUID.fromString(outcome.get("id").asText());
    try (Connection c = fixture.db().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select job, trigger, triggered_by, status, summary, ended_at from job_runs where id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("the run's job_runs row").isTrue();
        assertThat(rs.getString("job")).isEqualTo(JOB);
        assertThat(rs.getString("trigger")).isEqualTo("external");
        assertThat(rs.getString("triggered_by")).isEqualTo(JobFunction.TRIGGERED_BY);
        assertThat(rs.getString("status")).isEqualTo("success");
        assertThat(rs.getString("summary")).isEqualTo(outcome.get("summary").asText());
        assertThat(rs.getObject("ended_at")).isNotNull();
      }
    }
  }

  @Test
  void refusesAnUnknownJobWithoutRecordingARun() throws Exception {
    long before = runs();

    assertThatThrownBy(
            () -> invoke(function, event("scheduler-job.json", Map.of("job", "no-such-job"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no job named no-such-job")
        .hasMessageContaining(JOB);
    assertThatThrownBy(() -> invoke(function, "{\"schedule\": \"daily\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no job");
    assertThatThrownBy(
            () -> invoke(function, event("scheduler-job.json", Map.of("job", "DROP TABLE x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job must be a job name (kebab-case, at most 64 characters)");

    assertThat(runs()).isEqualTo(before);
  }

  @Test
  void answersSkippedWhenTheJobIsRunningElsewhere() throws Exception {
    try (Connection other = fixture.db().connect()) {
      try (PreparedStatement lock =
          other.prepareStatement("select pg_advisory_lock(?, hashtext(?))")) {
        lock.setInt(1, LOCK_NAMESPACE);
        lock.setString(2, JOB);
        lock.execute();
      }
      long before = runs();

      JsonNode outcome = invoke(function, event("scheduler-job.json", Map.of("job", JOB)));

      assertThat(outcome.get("status").asText()).isEqualTo("skipped");
      assertThat(outcome.has("id")).isFalse();
      assertThat(outcome.get("summary").asText()).isEqualTo(JobOutcome.SKIPPED_SUMMARY);
      assertThat(runs()).isEqualTo(before);
    }
  }
}
