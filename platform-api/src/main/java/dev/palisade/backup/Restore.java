package dev.palisade.backup;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.CheckpointSigner;
import dev.palisade.crypto.Ed25519;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.HomeConfig;
import dev.palisade.install.InstallHome;
import dev.palisade.net.OutboundGuard;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.InstallId;
import dev.palisade.tenancy.JdbcUrls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@code restore} command: restores the databases of one backup into the configured PostgreSQL
 * server, for real (restore validation only restores into scratch databases). In order, and
 * stopping at the first refusal: fetch the backup (an S3 backup is downloaded to {@code
 * PALISADE_HOME/backup-staging}), verify {@code manifest.sig} with a trusted checkpoint key (the
 * file given, else the one in the install database on the server), check every file's SHA-256,
 * check that none of the databases to restore exists (unless {@code replace}), restore each into a
 * staging database named {@value #STAGING}{@code <random>}, and only when every one restored, put
 * them in place (dropping what they replace). A refusal before the last step writes nothing; a
 * failed {@code pg_restore} drops the staging databases and replaces nothing.
 *
 * <p>Not thread-safe; one run per instance. Progress goes to {@code out}, one line at a time; the
 * password reaches {@code pg_restore} only through a password file ({@link PgTools}).
 */
public final class Restore {
  /** Every database was restored. */
  public static final int RESTORED = 0;

  /** A wrong argument: unknown option, unknown database, no trusted key (EX_USAGE). */
  public static final int USAGE = 64;

  /** The backup fails its checks: signature, a file's SHA-256, another install (EX_DATAERR). */
  public static final int BAD_BACKUP = 65;

  /** The backup cannot be found or downloaded (EX_NOINPUT). */
  public static final int NO_BACKUP = 66;

  /** The PostgreSQL server cannot be reached (EX_UNAVAILABLE). */
  public static final int UNAVAILABLE = 69;

  /** {@code pg_restore} or putting a database in place failed (EX_SOFTWARE). */
  public static final int FAILED = 70;

  /** A database to restore exists and {@code replace} was not given (EX_CANTCREAT). */
  public static final int EXISTS = 73;

  /** A setting is wrong, such as the S3 settings of an S3 backup (EX_CONFIG). */
  public static final int CONFIGURATION = 78;

  /** The prefix of the databases a restore writes into before they are put in place. */
  public static final String STAGING = "palisade_restoring_";

  /**
   * What to restore: {@code backup} is a directory or {@code s3://bucket/prefix/<backup id>};
   * {@code database} (null: all) one database of the manifest; {@code publicKey} (null: the install
   * database's) a PEM or base64 file of the install's checkpoint key.
   */
  public record Request(String backup, String database, boolean replace, Path publicKey) {
    public Request {
      requireNonNull(backup, "backup is null");
    }
  }

  /**
   * The server to restore into: the JDBC URL of the install database (which need not exist), the
   * driver properties (user, password) and a description without credentials.
   */
  public record Target(String installUrl, Properties connection, String description) {
    public Target {
      requireNonNull(installUrl, "installUrl is null");
      requireNonNull(connection, "connection is null");
      JdbcUrls.database(installUrl);
    }

    @Override
    public String toString() {
      return "Target[" + description + "]";
    }
  }

  /** Why nothing (more) was restored, with the command's exit code; the message is safe to show. */
  public static final class Refused extends RuntimeException {
    private final int exitCode;

    Refused(int exitCode, String message) {
      super(message, null, false, false);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final Target target;
  private final BackupConfig config;
  private final BackupS3Config s3;
  private final Path home;
  private final OutboundGuard guard;
  private final ObjectMapper json;
  private final Consumer<String> out;

  public Restore(
      Target target,
      BackupConfig config,
      BackupS3Config s3,
      Path home,
      OutboundGuard guard,
      ObjectMapper json,
      Consumer<String> out) {
    this.target = requireNonNull(target, "target is null");
    this.config = requireNonNull(config, "config is null");
    this.s3 = requireNonNull(s3, "s3 is null");
    this.home = requireNonNull(home, "home is null");
    this.guard = requireNonNull(guard, "guard is null");
    this.json = requireNonNull(json, "json is null");
    this.out = requireNonNull(out, "out is null");
  }

  /** Restores what {@code request} asks for; {@link Refused} when it does not. */
  public void run(Request request) {
    RestoreSource source =
        RestoreSource.open(
            request.backup(),
            new RestoreSource.S3Targets() {
              @Override
              public BackupTarget of(String bucket, String prefix) {
                return s3Target(bucket, prefix);
              }

              @Override
              public Path staging(UUID id) {
                return home.resolve(BackupTarget.STAGING).resolve("check-" + id);
              }
            });
    try {
      restore(request, source);
    } finally {
      source.close();
    }
  }

  private void restore(Request request, RestoreSource source) {
    String installName = JdbcUrls.database(target.installUrl());
    out.accept("PostgreSQL server: " + target.description());
    Optional<LiveInstall> live = live(installName);
    byte[] key = trustedKey(request, live);
    Manifest m;
    try {
      m = ManifestCheck.signed(source.directory(), key, "the checkpoint key", json);
    } catch (ManifestCheck.Failed e) {
      throw new Refused(BAD_BACKUP, e.getMessage() + "; nothing was restored");
    }
    if (source.backupId() != null && !source.backupId().equals(m.backupId())) {
      throw new Refused(
          BAD_BACKUP, "the manifest is of backup " + m.backupId() + ", not " + source.backupId());
    }
    out.accept(
        "backup "
            + m.backupId()
            + " of install "
            + m.installId()
            + ", made "
            + m.createdAt()
            + " by Palisade "
            + m.palisadeVersion()
            + " (PostgreSQL "
            + m.postgresServerVersion()
            + ")");
    out.accept("manifest signature verified with checkpoint key " + Ed25519.keyId(key));
    try {
      out.accept("files match the manifest: " + ManifestCheck.files(source.directory(), m));
    } catch (ManifestCheck.Failed e) {
      throw new Refused(BAD_BACKUP, e.getMessage() + "; nothing was restored");
    }
    Map<String, Manifest.Database> chosen = choose(m, request.database(), installName);
    if (live.isPresent()
        && !chosen.containsKey(installName)
        && !live.get().installId().map(m.installId()::equals).orElse(false)) {
      throw new Refused(
          BAD_BACKUP,
          "the backup is of install "
              + m.installId()
              + ", the install database "
              + installName
              + " on the server is of another; nothing was restored");
    }
    RestoreDatabases databases = new RestoreDatabases(target, config, out);
    List<String> existing = databases.existing(chosen.keySet());
    if (!existing.isEmpty() && !request.replace()) {
      throw new Refused(
          EXISTS,
          "database(s) "
              + String.join(", ", existing)
              + " exist on the server; nothing was restored. Stop the server and run again with"
              + " --replace to replace them (their current contents are lost)");
    }
    databases.restore(source.directory(), m.backupId(), chosen, existing);
    out.accept(
        "restored "
            + chosen.size()
            + " database(s) of backup "
            + m.backupId()
            + "; start the server next");
  }

  private record LiveInstall(Optional<UUID> installId, Optional<byte[]> key) {}

  /** The install database on the server, if it exists: its install id and checkpoint key. */
  private Optional<LiveInstall> live(String installName) {
    RestoreDatabases probe = new RestoreDatabases(target, config, out);
    if (probe.existing(List.of(installName)).isEmpty()) {
      return Optional.empty();
    }
    try (Handle h = Jdbi.open(target.installUrl(), target.connection())) {
      return Optional.of(
          new LiveInstall(InstallId.recordedIn(h), CheckpointSigner.publishedKey(h)));
    } catch (JdbiException e) {
      throw new Refused(
          UNAVAILABLE,
          "cannot read the install database "
              + installName
              + ": SQLSTATE "
              + PlatformException.sqlState(e));
    }
  }

  private byte[] trustedKey(Request request, Optional<LiveInstall> live) {
    if (request.publicKey() != null) {
      byte[] key = readKey(request.publicKey());
      out.accept("trusted checkpoint key: " + Ed25519.keyId(key) + " from " + request.publicKey());
      return key;
    }
    Optional<byte[]> stored = live.flatMap(LiveInstall::key);
    if (stored.isEmpty()) {
      throw new Refused(
          USAGE,
          "no install database with a checkpoint key on the server to check the backup with: give"
              + " --public-key <file> with the key saved from GET /api/v1/install/audit/public-key");
    }
    out.accept(
        "trusted checkpoint key: " + Ed25519.keyId(stored.get()) + " from the install database");
    return stored.get();
  }

  /** A raw Ed25519 key from a PEM {@code PUBLIC KEY} file or a file of its base64. */
  static byte[] readKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new Refused(USAGE, "--public-key " + file + " cannot be read");
    }
    String body =
        text.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    byte[] raw = bytes.length == 32 ? bytes : Ed25519.fromSpki(bytes);
    if (raw == null) {
      throw new Refused(
          USAGE, "--public-key " + file + " is not an Ed25519 public key (PEM or base64)");
    }
    return raw;
  }

  /** The databases to restore, by the name they get on the server. */
  private static Map<String, Manifest.Database> choose(
      Manifest m, String only, String installName) {
    Map<String, Manifest.Database> all = new LinkedHashMap<>();
    for (Manifest.Database db : m.databases()) {
      String name = Manifest.INSTALL.equals(db.role()) ? installName : db.name();
      if (!name.matches("[A-Za-z0-9_]{1,63}")) {
        throw new Refused(BAD_BACKUP, "the manifest names an unsafe database " + name);
      }
      all.put(name, db);
    }
    if (only == null) {
      return all;
    }
    Map<String, Manifest.Database> one = new LinkedHashMap<>();
    all.forEach(
        (name, db) -> {
          if (name.equals(only) || db.name().equals(only)) {
            one.put(name, db);
          }
        });
    if (one.isEmpty()) {
      List<String> names = new ArrayList<>(all.keySet());
      throw new Refused(
          USAGE,
          "the backup holds no database "
              + Sanitizer.clean(only)
              + "; it holds "
              + String.join(", ", names)
              + "; nothing was restored");
    }
    return one;
  }

  private BackupTarget s3Target(String bucket, String prefix) {
    BackupS3Config c =
        new BackupS3Config(
            bucket,
            s3.region(),
            s3.endpoint(),
            prefix,
            s3.pathStyle(),
            s3.accessKeyId(),
            s3.secretAccessKey());
    return new BackupTarget(
        config, c, new InstallHome(new HomeConfig(home.toString())), guard, json);
  }

  static String stagingName() {
    return STAGING + HexFormat.of().formatHex(dev.palisade.crypto.Tokens.randomBytes(4));
  }
}
