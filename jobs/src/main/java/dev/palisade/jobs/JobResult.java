package dev.palisade.jobs;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** The outcome of one run, with a short summary for operators (sanitized before it is stored). */
public record JobResult(Status status, String summary) {

  /**
   * {@code skipped} is never recorded by the runner: a trigger that finds the job's lock held
   * starts nothing and writes no row ({@link JobRunner#start} answers empty), and the job function
   * answers {@code skipped} for it. The status constraint of {@code job_runs} still admits the
   * value.
   */
  public enum Status {
    RUNNING,
    SUCCESS,
    FAILED,
    PARTIAL,
    SKIPPED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public JobResult {
    requireNonNull(status, "status is null");
    requireNonNull(summary, "summary is null");
  }

  public static JobResult success(String summary) {
    return new JobResult(Status.SUCCESS, summary);
  }

  public static JobResult partial(String summary) {
    return new JobResult(Status.PARTIAL, summary);
  }

  public static JobResult failed(String summary) {
    return new JobResult(Status.FAILED, summary);
  }
}
