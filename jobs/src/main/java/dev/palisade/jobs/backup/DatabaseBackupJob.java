package dev.palisade.jobs.backup;

import dev.palisade.backup.Backup;
import dev.palisade.backup.Backups;
import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Backs up the install database and every organization database ({@link Backups}), then applies
 * retention and raises {@code backupStale} when no good backup completed within twice the cadence.
 */
@Singleton
final class DatabaseBackupJob implements Job {
  static final String NAME = "database-backup";
  static final String ACTOR = "system:job:" + NAME;

  private final Backups backups;

  DatabaseBackupJob(Backups backups) {
    this.backups = backups;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Dumps the install database and every organization database with pg_dump, signs the"
        + " manifest and applies retention";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofDays(1);
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofHours(6);
  }

  @Override
  public JobResult run(JobContext context) {
    Optional<Backups.Started> started =
        backups.start(context.trigger().value(), ACTOR, context::cancelled);
    if (started.isEmpty()) {
      backups.checkStale();
      return JobResult.partial("a backup started elsewhere is still running; none was started");
    }
    Backup done = started.get().done().join();
    Optional<String> stale = backups.checkStale();
    String summary =
        "backup "
            + done.id()
            + " "
            + done.state()
            + (Backup.COMPLETED.equals(done.state())
                ? ": " + done.databases().size() + " database(s), " + done.sizeBytes() + " bytes"
                : ": " + done.detail())
            + stale.map(s -> "; backups are stale: " + s).orElse("");
    return Backup.COMPLETED.equals(done.state())
        ? JobResult.success(summary)
        : JobResult.failed(summary);
  }
}
