package dev.palisade.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The {@link JobContext} of one run; cancelled by the runner at the run's timeout. */
final class RunContext implements JobContext {
  private final JobRun run;
  private final Optional<Instant> lastSuccess;
  private volatile boolean cancelled;

  RunContext(JobRun run, Optional<Instant> lastSuccess) {
    this.run = run;
    this.lastSuccess = lastSuccess;
  }

  @Override
  public UUID runId() {
    return run.id();
  }

  @Override
  public String jobName() {
    return run.job();
  }

  @Override
  public Trigger trigger() {
    return run.trigger();
  }

  @Override
  public Instant startedAt() {
    return run.startedAt();
  }

  @Override
  public Optional<Instant> lastSuccess() {
    return lastSuccess;
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
  }
}
