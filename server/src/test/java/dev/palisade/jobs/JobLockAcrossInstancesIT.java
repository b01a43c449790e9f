package dev.palisade.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Eventually;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two application contexts ("instances") on one database, each with its own scheduler and its own
 * triggers, never run one job at the same time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobLockAcrossInstancesIT {
  private TestServer first;
  private TestServer second;

  @BeforeAll
  void start() {
    Map<String, Object> config = new HashMap<>(JobRunnerIT.CONFIG);
    config.put("palisade.jobs.audit-chain-verification.enabled", "false");
    config.put("palisade.jobs.key-provider-verification.enabled", "false");
    config.put("palisade.jobs.test-controlled.cadence", "1s");
    config.put("palisade.scheduler.max-jitter", "100ms");
    config.put("palisade.scheduler.enabled", "true");
    ControlledTestJob.reset();
    ControlledTestJob.mode = ControlledTestJob.Mode.SLEEP;
    ControlledTestJob.sleep = Duration.ofMillis(400);
    first = TestServer.start(config);
    first.installAdmin();
    second = TestServer.restart(first.db(), first.home(), config);
  }

  @AfterAll
  void stop() throws Exception {
    second.stop();
    first.close();
  }

  @Test
  void neverRunsOneJobTwiceAtOnceAcrossInstancesAndTriggers() throws Exception {
    List<JobRunner> runners =
        List.of(
            first.context().getBean(JobRunner.class), second.context().getBean(JobRunner.class));
    AtomicInteger started = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Instant until = Instant.now().plusSeconds(4);
    List<Future<?>> triggers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      JobRunner runner = runners.get(t % 2);
      triggers.add(
          pool.submit(
              () -> {
                while (Instant.now().isBefore(until)) {
                  if (runner
                      .runAndWait(ControlledTestJob.NAME, JobContext.Trigger.EXTERNAL, "test")
                      .isPresent()) {
                    started.incrementAndGet();
                  } else {
                    skipped.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : triggers) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    // only the two schedulers now: wait until they have run it
    Eventually.until(
        Duration.ofSeconds(30),
        () ->
            first
                    .db()
                    .count(
                        "select count(*) from job_runs where job = 'test-controlled'"
                            + " and trigger = 'schedule' and ended_at is not null")
                > 0);

    assertThat(ControlledTestJob.maxConcurrent.get()).isEqualTo(1);
    assertThat(started.get()).isGreaterThanOrEqualTo(3);
    assertThat(skipped.get()).as("triggers that found the job running").isPositive();

    // Both instances' schedulers ran it too; no two recorded runs overlap in time.
    List<Instant[]> spans = new ArrayList<>();
    List<String> instances = new ArrayList<>();
    try (Connection c = first.db().connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select started_at, ended_at, instance from job_runs"
                    + " where job = 'test-controlled' and ended_at is not null order by started_at")) {
      while (rs.next()) {
        spans.add(new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()});
        instances.add(rs.getString(3));
      }
    }
    assertThat(spans.size()).isGreaterThanOrEqualTo(started.get());
    assertThat(
            first
                .db()
                .count(
                    "select count(*) from job_runs where job = 'test-controlled'"
                        + " and trigger = 'schedule'"))
        .as("runs started by the schedulers")
        .isPositive();
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i)[0]).isAfterOrEqualTo(spans.get(i - 1)[1]);
    }
  }
}
