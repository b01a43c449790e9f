package dev.palisade.backup;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Backup settings ({@code palisade.backup.*}, environment {@code PALISADE_BACKUP_*}): where backups
 * are written, which client tools make and restore them, how many parallel jobs each tool uses, how
 * many good backups are kept (and for how long every backup is kept whatever their number), and
 * where restore validation restores to.
 *
 * @param directory the backup target; unset means {@code PALISADE_HOME/backups}
 * @param pgDump the {@code pg_dump} binary (its major version must be at least the server's)
 * @param pgRestore the {@code pg_restore} binary
 * @param jobs {@code pg_dump -j} and {@code pg_restore -j}
 * @param keep the newest good backups kept by retention
 * @param keepWithin every backup younger than this is kept as well
 * @param validateAfterBackup validate each backup right after it completes
 * @param validationDatabaseUrl the server scratch databases are restored on; unset means the
 *     install's own server
 * @param validateWait how long {@code POST …/validate} waits for the result before answering 202
 */
@ConfigurationProperties("palisade.backup")
public record BackupConfig(
    @Nullable String directory,
    @NotNull @Bindable(defaultValue = "/usr/bin/pg_dump") String pgDump,
    @NotNull @Bindable(defaultValue = "/usr/bin/pg_restore") String pgRestore,
    @Bindable(defaultValue = "2") @Min(1) @Max(32) int jobs,
    @Bindable(defaultValue = "7") @Min(1) @Max(10_000) int keep,
    @NotNull @Bindable(defaultValue = "7d") Duration keepWithin,
    @Bindable(defaultValue = "false") boolean validateAfterBackup,
    @Nullable String validationDatabaseUrl,
    @NotNull @Bindable(defaultValue = "20s") Duration validateWait) {

  @Override
  public String toString() {
    return "BackupConfig[directory="
        + directory
        + ", pgDump="
        + pgDump
        + ", jobs="
        + jobs
        + ", keep="
        + keep
        + ", keepWithin="
        + keepWithin
        + "]";
  }
}
