package dev.palisade.jobs.events;

import dev.palisade.events.SecurityEventRetentionSweep;
import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Daily: deletes security events past their type's retention. Audit entries are never swept. */
@Singleton
public final class SecurityEventRetentionSweepJob implements Job {
  public static final String NAME = "security-event-retention-sweep";

  private final SecurityEventRetentionSweep sweep;

  public SecurityEventRetentionSweepJob(SecurityEventRetentionSweep sweep) {
    this.sweep = sweep;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Deletes security events older than the retention set for their type.";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofDays(1);
  }

  @Override
  public JobResult run(JobContext context) {
    SecurityEventRetentionSweep.Result result = sweep.sweep(context::cancelled);
    context.checkCancelled();
    return JobResult.success(result.summary());
  }
}
