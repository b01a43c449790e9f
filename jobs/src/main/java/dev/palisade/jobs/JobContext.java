package dev.palisade.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;

/** What a running job knows about its run. */
public interface JobContext {
  UUID runId();

  String jobName();

  Trigger trigger();

  Instant startedAt();

  /** When this job last finished with success, if it ever did (for incremental work). */
  Optional<Instant> lastSuccess();

  /** True once the run has passed its timeout or the server is stopping. */
  boolean cancelled();

  /** Throws {@link CancellationException} if {@link #cancelled()}. */
  default void checkCancelled() {
    if (cancelled() || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("job run cancelled");
    }
  }

  /** What started a run. */
  enum Trigger {
    SCHEDULE,
    MANUAL,
    EXTERNAL;

    @com.fasterxml.jackson.annotation.JsonValue
    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
