package dev.palisade.jobs.backup;

import dev.palisade.backup.Backup;
import dev.palisade.backup.Backups;
import dev.palisade.backup.RestoreValidations;
import dev.palisade.backup.Validation;
import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Restores the newest completed backup into scratch databases and checks it ({@link
 * RestoreValidations}); a failure raises {@code backupValidationFailed} and opens {@code
 * backupUnverified}.
 */
@Singleton
final class BackupRestoreValidationJob implements Job {
  static final String NAME = "backup-restore-validation";
  static final String ACTOR = "system:job:" + NAME;

  private final Backups backups;
  private final RestoreValidations validations;

  BackupRestoreValidationJob(Backups backups, RestoreValidations validations) {
    this.backups = backups;
    this.validations = validations;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Restores the newest backup into scratch databases and checks its signature, files,"
        + " schema, audit chains and sealed data";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofDays(7);
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofHours(6);
  }

  @Override
  public JobResult run(JobContext context) {
    backups.checkStale();
    Optional<Backup> newest =
        backups.list(50).stream()
            .filter(b -> Backup.COMPLETED.equals(b.state()) && b.expiredAt() == null)
            .findFirst();
    if (newest.isEmpty()) {
      return JobResult.partial("no completed backup to validate");
    }
    Optional<RestoreValidations.Started> started =
        validations.start(newest.get().id(), context.trigger().value(), ACTOR, context::cancelled);
    if (started.isEmpty()) {
      return JobResult.partial("a validation started elsewhere is still running");
    }
    Validation v = started.get().done().join();
    String summary =
        "backup "
            + v.backupId()
            + " "
            + v.state()
            + (Validation.PASSED.equals(v.state())
                ? " restore validation in " + v.durationMillis() + " ms"
                : " at step "
                    + v.failedStep()
                    + (v.failedDatabase() == null ? "" : " of " + v.failedDatabase())
                    + ": "
                    + v.detail());
    return Validation.PASSED.equals(v.state())
        ? JobResult.success(summary)
        : JobResult.failed(summary);
  }
}
