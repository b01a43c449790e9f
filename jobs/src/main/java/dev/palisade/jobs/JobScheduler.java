package dev.palisade.jobs;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sovereign server's in-process trigger: runs each enabled job on its cadence through {@link
 * JobRunner}. The next run of a job is planned only when the current one has ended, so runs never
 * pile up; the first run after a start follows the last recorded run (a restart does not re-run
 * every job); every start gets a random delay of up to {@code maxJitter} (at most a quarter of the
 * cadence). Holds no job logic.
 */
@Context
@Requires(property = "palisade.scheduler.enabled", notEquals = "false")
public final class JobScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  private final JobRunner runner;
  private final JobRuns runs;
  private final SchedulerConfig config;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Instant> next = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "palisade-scheduler");
            t.setDaemon(true);
            return t;
          });

  JobScheduler(JobRunner runner, JobRuns runs, SchedulerConfig config) {
    this.runner = runner;
    this.runs = runs;
    this.config = config;
    for (Job job : runner.jobs()) {
      JobSettings s = runner.settings(job.name());
      if (!s.enabled()) {
        LOG.info("job {} is disabled", job.name());
        continue;
      }
      Instant now = clock.instant();
      List<JobRun> last = runs.latest(job.name(), 1);
      Instant due = last.isEmpty() ? now : last.get(0).startedAt().plus(s.cadence());
      plan(job.name(), due.isBefore(now) ? now : due);
    }
  }

  /** When the job will next start here, if it is scheduled. */
  public Optional<Instant> nextRun(String job) {
    return Optional.ofNullable(next.get(job));
  }

  private void plan(String job, Instant notBefore) {
    Duration cadence = runner.settings(job).cadence();
    long maxJitterMs = Math.min(config.maxJitter().toMillis(), cadence.toMillis() / 4);
    long jitter = maxJitterMs <= 0 ? 0 : ThreadLocalRandom.current().nextLong(maxJitterMs + 1);
    Instant at = notBefore.plusMillis(jitter);
    next.put(job, at);
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    try {
      timer.schedule(() -> fire(job), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      next.remove(job);
    }
  }

  private void fire(String job) {
    Instant started = clock.instant();
    Duration cadence = runner.settings(job).cadence();
    try {
      Optional<JobRunner.Started> run = runner.start(job, JobContext.Trigger.SCHEDULE, "scheduler");
      if (run.isEmpty()) {
        plan(job, started.plus(cadence));
        return;
      }
      run.get()
          .done()
          .whenComplete(
              (r, e) -> {
                Instant due = started.plus(cadence);
                Instant now = clock.instant();
                plan(job, due.isBefore(now) ? now : due);
              });
    } catch (RuntimeException e) {
      LOG.warn("job {} could not be started: {}", job, dev.palisade.events.Sanitizer.reason(e));
      plan(job, started.plus(Duration.ofSeconds(Math.min(60, cadence.toSeconds()))));
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    next.clear();
  }
}
