package dev.palisade.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.net.OutboundGuard;
import dev.palisade.storage.s3.S3Binding;
import dev.palisade.storage.s3.S3Settings;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where backups are kept: a directory (default {@code PALISADE_HOME/backups}), one subdirectory per
 * backup; or an S3 bucket ({@code palisade.backup.s3.bucket}), one key prefix {@code <backup id>/}
 * per backup, written through the storage package's S3 client. With S3, a backup is made in a
 * staging directory ({@code PALISADE_HOME/backup-staging/<id>}), uploaded, and removed locally; a
 * validation downloads it to a staging directory again and removes it when done.
 */
@Singleton
final class BackupTarget {
  static final String STAGING = "backup-staging";
  private static final int REMOVE_ROUNDS = 1_000;

  private final BackupConfig config;
  private final InstallHome home;
  private final S3Settings s3;
  private final OutboundGuard guard;
  private final ObjectMapper json;
  private volatile S3Binding client;

  BackupTarget(
      BackupConfig config,
      BackupS3Config s3,
      InstallHome home,
      OutboundGuard guard,
      ObjectMapper json) {
    this.config = config;
    this.home = home;
    this.guard = guard;
    this.json = json;
    this.s3 = s3.bucket() == null || s3.bucket().isBlank() ? null : settings(s3);
  }

  private static S3Settings settings(BackupS3Config c) {
    Map<String, Object> values = new HashMap<>();
    values.put("bucket", c.bucket());
    values.put("region", c.region());
    values.put("endpoint", c.endpoint());
    values.put("prefix", c.prefix());
    values.put("pathStyle", c.pathStyle());
    values.put("accessKeyId", c.accessKeyId());
    values.put("secretAccessKey", c.secretAccessKey());
    try {
      return S3Settings.from(values, "palisade.backup.s3.");
    } catch (PlatformException e) {
      throw new ConfigurationException(e.field().map(f -> f + " ").orElse("") + e.getMessage());
    }
  }

  boolean isS3() {
    return s3 != null;
  }

  String type() {
    return s3 == null ? "directory" : "s3";
  }

  /** The directory of the directory target. */
  Path directory() {
    return config.directory() == null || config.directory().isBlank()
        ? home.resolve("backups")
        : Path.of(config.directory()).toAbsolutePath().normalize();
  }

  /** What the target is, as shown: the directory, or {@code s3://bucket/prefix}. */
  String describe() {
    return s3 == null ? directory().toString() : "s3://" + s3.bucket() + "/" + s3.prefix();
  }

  /** Where backup {@code id} is kept. */
  String location(UUID id) {
    return s3 == null
        ? directory().resolve(id.toString()).toString()
        : "s3://" + s3.bucket() + "/" + s3.prefix() + id;
  }

  /** The directory a backup is written to before {@link #publish}. */
  Path workDirectory(UUID id) {
    return s3 == null
        ? directory().resolve(id.toString())
        : home.resolve(STAGING).resolve(id.toString());
  }

  /** Makes a written backup the target's: with S3, uploads every file and removes the staging. */
  void publish(UUID id, Path dir) throws IOException {
    if (s3 == null) {
      return;
    }
    for (Manifest.FileEntry f : Backups.files(dir)) {
      try (InputStream in = Files.newInputStream(dir.resolve(f.path()))) {
        client().put(id + "/" + f.path(), in, f.size());
      }
    }
    Backups.deleteTree(dir);
  }

  /**
   * The backup's files in a local directory, for validation: the backup's own directory, or (S3) a
   * staging copy of its manifest, signature and every file the manifest lists. Give it back with
   * {@link #release}.
   */
  Path fetch(Backup b) throws IOException {
    if (s3 == null || !b.location().startsWith("s3://")) {
      return Path.of(b.location());
    }
    Path dir = home.resolve(STAGING).resolve("check-" + b.id());
    Backups.deleteTree(dir);
    Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    download(b.id() + "/" + Manifest.FILE, dir.resolve(Manifest.FILE));
    download(b.id() + "/" + Manifest.SIGNATURE, dir.resolve(Manifest.SIGNATURE));
    Manifest m;
    try {
      m = Manifest.parse(Files.readAllBytes(dir.resolve(Manifest.FILE)), json);
    } catch (IllegalArgumentException e) {
      return dir; // the signature step says what is wrong with it
    }
    for (Manifest.Database db : m.databases()) {
      downloadAll(b, dir, db.directory(), db.files());
      if (db.storage() != null) {
        downloadAll(b, dir, db.storage().directory(), db.storage().files());
      }
    }
    return dir;
  }

  private void downloadAll(Backup b, Path dir, String directory, List<Manifest.FileEntry> files)
      throws IOException {
    if (!directory.matches("([a-z0-9-]+/)?[a-z0-9_]+")) {
      return; // the checksum step reports it
    }
    for (Manifest.FileEntry f : files) {
      String name = directory + "/" + f.path();
      Path local = dir.resolve(name).normalize();
      if (!local.startsWith(dir) || !f.path().matches("[a-z0-9][a-z0-9._/-]{0,199}")) {
        continue; // the checksum step reports it
      }
      Files.createDirectories(local.getParent());
      try {
        download(b.id() + "/" + name, local);
      } catch (PlatformException e) {
        // missing in the bucket: the checksum step names it
      }
    }
  }

  void release(Backup b, Path fetched) {
    if (s3 != null && fetched.startsWith(home.resolve(STAGING))) {
      Backups.deleteTree(fetched);
    }
  }

  /** Removes a backup's files from the target. */
  void remove(Backup b) {
    if (b.location().startsWith("s3://")) {
      if (s3 == null) {
        return;
      }
      for (int round = 0; round < REMOVE_ROUNDS; round++) {
        List<String> names = new ArrayList<>(client().list(b.id() + "/"));
        if (names.isEmpty()) {
          return;
        }
        names.forEach(client()::delete);
      }
      return;
    }
    Path dir = Path.of(b.location());
    if (dir.getFileName().toString().equals(b.id().toString())) {
      Backups.deleteTree(dir);
    }
  }

  private void download(String name, Path to) throws IOException {
    try (InputStream in = client().open(name)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private S3Binding client() {
    S3Binding c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = new S3Binding("backup", s3, guard);
        }
        c = client;
      }
    }
    return c;
  }

  @PreDestroy
  void close() {
    S3Binding c = client;
    if (c != null) {
      c.close();
    }
  }
}
