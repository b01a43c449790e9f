package dev.palisade.backup;

import dev.palisade.telemetry.Sanitizer;
import io.micronaut.context.exceptions.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Where the {@code restore} command reads a backup from: a directory as it is, or an S3 backup
 * ({@code s3://bucket/prefix/<backup id>}, through {@link BackupTarget}, so through the storage
 * package's S3 client and the outbound guard) downloaded into {@code PALISADE_HOME/backup-staging}
 * and removed by {@link #close()}.
 */
final class RestoreSource implements AutoCloseable {
  /** The S3 backup target of a bucket and key prefix, with the configured endpoint and keys. */
  interface S3Targets {
    BackupTarget of(String bucket, String prefix);

    /** The directory {@link BackupTarget#fetch} downloads backup {@code id} into. */
    Path staging(UUID id);
  }

  private final Path directory;
  private final UUID backupId;
  private final Runnable release;

  private RestoreSource(Path directory, UUID backupId, Runnable release) {
    this.directory = directory;
    this.backupId = backupId;
    this.release = release;
  }

  static RestoreSource open(String location, S3Targets s3) {
    if (location.startsWith("s3://")) {
      return download(location, s3);
    }
    Path dir = Path.of(location).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new Restore.Refused(Restore.NO_BACKUP, "there is no backup directory " + dir);
    }
    if (!Files.isRegularFile(dir.resolve(Manifest.FILE))) {
      throw new Restore.Refused(
          Restore.NO_BACKUP, dir + " holds no " + Manifest.FILE + ": it is not a backup");
    }
    return new RestoreSource(dir, uuidOrNull(dir.getFileName().toString()), () -> {});
  }

  private static RestoreSource download(String location, S3Targets s3) {
    String path = location.substring("s3://".length()).replaceAll("/+$", "");
    int slash = path.indexOf('/');
    UUID id = slash <= 0 ? null : uuidOrNull(path.substring(path.lastIndexOf('/') + 1));
    if (id == null) {
      throw new Restore.Refused(
          Restore.USAGE, "an S3 backup is given as s3://<bucket>/<prefix>/<backup id>");
    }
    String bucket = path.substring(0, slash);
    String prefix = path.substring(slash + 1, path.lastIndexOf('/') + 1);
    BackupTarget target;
    try {
      target = s3.of(bucket, prefix);
    } catch (ConfigurationException e) {
      throw new Restore.Refused(Restore.CONFIGURATION, "configuration error: " + e.getMessage());
    }
    Backup backup =
        new Backup(
            id,
            Backup.COMPLETED,
            null,
            null,
            "s3://" + path,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Path dir;
    try {
      dir = target.fetch(backup);
    } catch (IOException | RuntimeException e) {
      target.close();
      Backups.deleteTree(s3.staging(id));
      throw new Restore.Refused(
          Restore.NO_BACKUP,
          "the backup cannot be downloaded from s3://" + path + ": " + Sanitizer.reason(e));
    }
    return new RestoreSource(
        dir,
        id,
        () -> {
          target.release(backup, dir);
          target.close();
        });
  }

  private static UUID uuidOrNull(String text) {
    try {
      return text.length() == 36 ? UUID.fromString(text) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The local directory holding {@code manifest.json}, {@code manifest.sig} and the dumps. */
  Path directory() {
    return directory;
  }

  /** The backup id the location names, or null when a directory's name is not one. */
  UUID backupId() {
    return backupId;
  }

  @Override
  public void close() {
    release.run();
  }
}
