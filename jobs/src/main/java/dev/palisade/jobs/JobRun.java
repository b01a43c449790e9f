package dev.palisade.jobs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** One run of a job as recorded in {@code job_runs}. {@code endedAt} is null while it runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRun(
    UUID id,
    String job,
    JobContext.Trigger trigger,
    String triggeredBy,
    String instance,
    Instant startedAt,
    Instant endedAt,
    JobResult.Status status,
    String summary) {

  public JobRun {
    requireNonNull(id, "id is null");
    requireNonNull(job, "job is null");
    requireNonNull(trigger, "trigger is null");
    requireNonNull(instance, "instance is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(status, "status is null");
  }

  /** Milliseconds from start to end; null while running. */
  public Long durationMillis() {
    return endedAt == null ? null : Duration.between(startedAt, endedAt).toMillis();
  }
}
