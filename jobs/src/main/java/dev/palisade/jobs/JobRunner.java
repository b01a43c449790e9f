package dev.palisade.jobs;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Incidents;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.events.Severity;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.InstallDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way a job runs. A run takes the job's advisory lock (or is skipped if another instance
 * or trigger holds it), closes runs abandoned by a dead instance, records a {@code job_runs} row,
 * runs the job on its own thread with {@code job} and {@code run_id} in the log context and a span,
 * stops it at its timeout, records the outcome and metrics, and turns a failure into a {@code
 * jobFailed} (or {@code jobTimedOut}) security event; repeated failures open a {@code jobFailing}
 * incident, which the next success resolves.
 */
@Context
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final Map<String, Job> jobs = new TreeMap<>();
  private final Map<String, JobSettings> settings = new TreeMap<>();
  private final InstallDatabase install;
  private final JobRuns runs;
  private final SecurityEvents events;
  private final Incidents incidents;
  private final JobMetrics metrics;
  private final Tracer tracer;
  private final SchedulerConfig config;
  private final Clock clock;
  private final String instance = Instances.name();
  private final ExecutorService executor;

  JobRunner(
      List<Job> all,
      Environment env,
      InstallDatabase install,
      JobRuns runs,
      SecurityEvents events,
      Incidents incidents,
      MeterRegistry registry,
      OpenTelemetry otel,
      SchedulerConfig config,
      Clock clock) {
    this.clock = clock;
    this.install = install;
    this.runs = runs;
    this.events = events;
    this.incidents = incidents;
    this.config = config;
    this.tracer = otel.getTracer("dev.palisade.jobs");
    this.metrics = new JobMetrics(registry);
    for (Job job : all) {
      if (!job.name().matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
        throw new IllegalStateException("job name is not kebab-case: " + job.name());
      }
      if (jobs.put(job.name(), job) != null) {
        throw new IllegalStateException("two jobs are named " + job.name());
      }
      settings.put(job.name(), JobSettings.of(job, env));
      metrics.register(job.name(), runs.lastSuccess(job.name()).orElse(null));
    }
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "palisade-job-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public Collection<Job> jobs() {
    return jobs.values();
  }

  public Optional<Job> job(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  public JobSettings settings(String name) {
    return settings.get(name);
  }

  /** A run that was started: its row as first recorded, and its completion. */
  public record Started(JobRun run, CompletableFuture<JobRun> done) {}

  /**
   * Starts a run of {@code name} and returns at once, or returns empty if the job is running
   * already (here or in another instance). Throws NOT_FOUND for an unknown job.
   *
   * @param by who asked: an actor for manual runs, the trigger's name otherwise
   */
  public Optional<Started> start(String name, JobContext.Trigger trigger, String by) {
    Job job =
        job(name).orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no job " + name));
    JobLock lock;
    JobRun run;
    try {
      Optional<JobLock> acquired = JobLock.tryAcquire(install, name);
      if (acquired.isEmpty()) {
        LOG.debug("job {} is running elsewhere; this {} trigger is skipped", name, trigger.value());
        return Optional.empty();
      }
      lock = acquired.get();
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      run =
          new JobRun(
              UUID.randomUUID(),
              name,
              trigger,
              by,
              instance,
              now,
              null,
              JobResult.Status.RUNNING,
              null);
      try {
        int abandoned = runs.closeAbandoned(lock.handle(), name, now);
        if (abandoned > 0) {
          LOG.warn("job {}: closed {} run(s) abandoned by a stopped instance", name, abandoned);
        }
        runs.start(lock.handle(), run);
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    } catch (JdbiException e) {
      throw PlatformException.database("cannot start job " + name, e);
    }
    RunContext context = new RunContext(run, runs.lastSuccess(name));
    Execution execution =
        new Execution(job, run, context, settings.get(name), lock, tracer, this::finish);
    CompletableFuture<JobRun> done = execution.start(executor);
    return Optional.of(new Started(run, done));
  }

  /** Runs {@code name} and waits for it to end; empty if it was running already. */
  public Optional<JobRun> runAndWait(String name, JobContext.Trigger trigger, String by) {
    return start(name, trigger, by).map(s -> s.done().join());
  }

  private JobRun finish(JobRun run, JobResult result, boolean timedOut) {
    Instant ended = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String summary = Sanitizer.clean(result.summary());
    JobResult clean = new JobResult(result.status(), summary);
    runs.complete(run.id(), clean, ended);
    metrics.record(run.job(), clean.status(), Duration.between(run.startedAt(), ended), ended);
    String subject = "job:" + run.job();
    if (clean.status() == JobResult.Status.FAILED) {
      SecurityEventType type =
          timedOut ? SecurityEventType.JOB_TIMED_OUT : SecurityEventType.JOB_FAILED;
      UUID event =
          events.raise(
              SecurityEvents.event(type, run.job() + ": " + summary)
                  .jobRun(run.id())
                  .context("job", run.job()));
      int failures = runs.consecutiveFailures(run.job(), config.failingAfter());
      if (failures >= config.failingAfter()) {
        incidents.open(
            Incidents.JOB_FAILING,
            subject,
            null,
            Severity.HIGH,
            run.job() + " failed " + failures + " times in a row; last: " + summary,
            event);
      }
      LOG.warn("job {} failed: {}", run.job(), summary);
    } else {
      if (clean.status() == JobResult.Status.SUCCESS) {
        incidents.resolve(Incidents.JOB_FAILING, subject);
      }
      LOG.info("job {} ended {}: {}", run.job(), clean.status().value(), summary);
    }
    return runs.find(run.id()).orElse(run);
  }

  @PreDestroy
  void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
