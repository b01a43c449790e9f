package dev.palisade.functions;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.palisade.jobs.JobRun;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.UUID;

/**
 * What the job function answers: the run's id, its status ({@code success}, {@code partial}, {@code
 * failed}) and summary as recorded in {@code job_runs}; or {@code skipped}, with no id, when the
 * job was running elsewhere and this invocation started nothing.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobOutcome(
    String job,
    @Nullable UUID id,
    String status,
    String summary,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt) {
  public static final String SKIPPED_SUMMARY = "the job is running elsewhere; nothing was started";

  public JobOutcome {
    requireNonNull(job, "job is null");
    requireNonNull(status, "status is null");
    requireNonNull(summary, "summary is null");
  }

  static JobOutcome of(JobRun run) {
    return new JobOutcome(
        run.job(),
        run.id(),
        run.status().value(),
        run.summary() == null ? "" : run.summary(),
        run.startedAt(),
        run.endedAt());
  }

  static JobOutcome skipped(String job) {
    return new JobOutcome(job, null, "skipped", SKIPPED_SUMMARY, null, null);
  }
}
