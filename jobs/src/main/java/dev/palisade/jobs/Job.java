package dev.palisade.jobs;

import java.time.Duration;

/**
 * A scheduled job. Implementations are singletons discovered by {@link JobRunner}, which is the
 * only thing that calls {@link #run}: it holds the job's advisory lock, records the run, and turns
 * a thrown exception into a failed run and a security event. Triggers (the in-process scheduler, an
 * install admin's "run now", an EventBridge rule in Cloud) hold no logic of their own.
 */
public interface Job {
  /** Stable kebab-case name, used in configuration, metrics, logs and the API. */
  String name();

  /** One sentence for the jobs listing and the docs. */
  String description();

  /** How often the job runs unless {@code palisade.jobs.<name>.cadence} says otherwise. */
  Duration defaultCadence();

  /** How long a run may take before it is stopped and recorded as failed. */
  default Duration defaultTimeout() {
    return Duration.ofMinutes(10);
  }

  /**
   * Does the work. Return {@link JobResult#partial} when some subjects failed and others did not;
   * throw (or return {@link JobResult#failed}) when the job could not do its work. Long loops
   * should call {@link JobContext#checkCancelled()} between items so that a timeout stops them.
   */
  JobResult run(JobContext context) throws Exception;
}
