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
import java.util.Set;
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
  private final Clock clock;
  private final Map<String, Instant> next = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "palisade-scheduler");
            t.setDaemon(true);
            return t;
          });

  JobScheduler(JobRunner runner, JobRuns runs, SchedulerConfig config, Clock clock) {
    this.clock = clock;
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
    long tick = config.tick().toMillis();
    timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** When the job will next start here, if it is scheduled. */
  public Optional<Instant> nextRun(String job) {
    return Optional.ofNullable(next.get(job));
  }

  /** Plans the next start of {@code job}: {@code notBefore} plus a random jitter. */
  private void plan(String job, Instant notBefore) {
    Duration cadence = runner.settings(job).cadence();
    long maxJitterMs = Math.min(config.maxJitter().toMillis(), cadence.toMillis() / 4);
    long jitter = maxJitterMs <= 0 ? 0 : ThreadLocalRandom.current().nextLong(maxJitterMs + 1);
    next.put(job, notBefore.plusMillis(jitter));
  }

  /** Starts every job that is due by the clock and is not already running from here. */
  private void tick() {
    Instant now = clock.instant();
    for (Map.Entry<String, Instant> e : next.entrySet()) {
      if (!e.getValue().isAfter(now) && running.add(e.getKey())) {
        fire(e.getKey(), now);
      }
    }
  }

  private void fire(String job, Instant started) {
    Duration cadence = runner.settings(job).cadence();
    try {
      Optional<JobRunner.Started> run = runner.start(job, JobContext.Trigger.SCHEDULE, "scheduler");
      if (run.isEmpty()) {
        plan(job, started.plus(cadence));
        running.remove(job);
        return;
      }
      run.get()
          .done()
          .whenComplete(
              (r, e) -> {
                Instant due = started.plus(cadence);
                Instant now = clock.instant();
                plan(job, due.isBefore(now) ? now : due);
                running.remove(job);
              });
    } catch (RuntimeException e) {
      LOG.warn("job {} could not be started: {}", job, dev.palisade.telemetry.Sanitizer.reason(e));
      plan(job, started.plus(Duration.ofSeconds(Math.min(60, cadence.toSeconds()))));
      running.remove(job);
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    next.clear();
  }
}
