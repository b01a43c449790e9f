package dev.palisade.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code palisade_jobs_completed_total{job_name,result}}, {@code
 * palisade_jobs_duration_seconds{job_name}} (a histogram) and {@code
 * palisade_jobs_last_success_timestamp_seconds{job_name}} (NaN until the job has succeeded once, in
 * this instance or, as seen at start-up, in any other). The label is {@code job_name}, not {@code
 * job}: Prometheus reserves {@code job} for the scrape target and would rename ours.
 */
final class JobMetrics {
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(60),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(60),
  };

  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Instant>> lastSuccess = new ConcurrentHashMap<>();

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void register(String job, Instant lastSuccessAt) {
    AtomicReference<Instant> ref =
        lastSuccess.computeIfAbsent(job, j -> new AtomicReference<>(lastSuccessAt));
    Gauge.builder("palisade.jobs.last.success.timestamp", ref, JobMetrics::epochSeconds)
        .tag("job_name", job)
        .baseUnit("seconds")
        .description("When the job last finished with success (Unix time)")
        .register(registry);
    for (JobResult.Status s :
        new JobResult.Status[] {
          JobResult.Status.SUCCESS, JobResult.Status.FAILED, JobResult.Status.PARTIAL
        }) {
      completed(job, s);
    }
    duration(job);
  }

  void record(String job, JobResult.Status status, Duration took, Instant endedAt) {
    completed(job, status).increment();
    duration(job).record(took);
    if (status == JobResult.Status.SUCCESS) {
      lastSuccess.computeIfAbsent(job, j -> new AtomicReference<>()).set(endedAt);
    }
  }

  private Counter completed(String job, JobResult.Status status) {
    return Counter.builder("palisade.jobs.completed")
        .tag("job_name", job)
        .tag("result", status.value())
        .description("Job runs that ended, by result")
        .register(registry);
  }

  private Timer duration(String job) {
    return Timer.builder("palisade.jobs.duration")
        .tag("job_name", job)
        .serviceLevelObjectives(BUCKETS)
        .description("How long job runs took")
        .register(registry);
  }

  private static double epochSeconds(AtomicReference<Instant> ref) {
    Instant at = ref.get();
    return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
  }
}
