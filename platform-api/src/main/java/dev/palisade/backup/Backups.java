package dev.palisade.backup;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.ChainCopies;
import dev.palisade.audit.CheckpointSigner;
import dev.palisade.crypto.Hashes;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Evidence;
import dev.palisade.events.Receipt;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.identity.ProbeAccount;
import dev.palisade.telemetry.BuildInfo;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.DatabaseServer;
import dev.palisade.tenancy.InstallDatabase;
import dev.palisade.tenancy.InstallId;
import dev.palisade.tenancy.JdbcUrls;
import dev.palisade.tenancy.Migrations;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup runs: the install database and every organization database, each dumped with {@code
 * pg_dump} (directory format) at a snapshot exported from a repeatable-read transaction, in which
 * the database's schema version and audit chain head are read too, so that the manifest says
 * exactly what the dump holds; the files of an organization on the install's bundled storage are
 * copied as that snapshot lists them ({@link BundledStorageCopy}). The manifest is signed with the
 * install's checkpoint key and each run gets a signed receipt. One backup runs at a time across
 * instances ({@link BackupLock}).
 */
@Singleton
public final class Backups {
  private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
  private static final int LISTED = 50;

  private final BackupConfig config;
  private final DatabaseServer server;
  private final InstallDatabase installDatabase;
  private final Organizations organizations;
  private final InstallId installId;
  private final CheckpointSigner signer;
  private final Evidence evidence;
  private final AuditLog audit;
  private final SecurityEvents events;
  private final BuildInfo build;
  private final BackupStore store;
  private final BackupMetrics metrics;
  private final RestoreValidations validations;
  private final BackupTarget target;
  private final ProbeAccount probe;
  private final BundledStorageCopy storageCopy;
  private final Clock clock;
  private final Duration cadence;
  private final Instant since;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "palisade-backup");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile Instant staleRaisedAt;

  Backups(
      BackupConfig config,
      DatabaseServer server,
      InstallDatabase installDatabase,
      Organizations organizations,
      InstallId installId,
      CheckpointSigner signer,
      Evidence evidence,
      AuditLog audit,
      SecurityEvents events,
      BuildInfo build,
      BackupStore store,
      BackupMetrics metrics,
      RestoreValidations validations,
      BackupTarget target,
      ProbeAccount probe,
      BundledStorageCopy storageCopy,
      Clock clock,
      @Value("${palisade.jobs.database-backup.cadence:1d}") Duration cadence) {
    this.config = config;
    this.server = server;
    this.installDatabase = installDatabase;
    this.organizations = organizations;
    this.installId = installId;
    this.signer = signer;
    this.evidence = evidence;
    this.audit = audit;
    this.events = events;
    this.build = build;
    this.store = store;
    this.metrics = metrics;
    this.validations = validations;
    this.target = target;
    this.probe = probe;
    this.storageCopy = storageCopy;
    this.clock = clock;
    this.cadence = cadence;
    this.since = clock.instant();
  }

  /** A backup that was started: its row as first recorded, and its end. */
  public record Started(Backup backup, CompletableFuture<Backup> done) {}

  /**
   * Where backups are kept: {@code palisade.backup.directory} (default {@code
   * PALISADE_HOME/backups}), or {@code s3://bucket/prefix} with {@code palisade.backup.s3.bucket}.
   */
  public String target() {
    return target.describe();
  }

  /** How often the {@code database-backup} job runs. */
  public Duration cadence() {
    return cadence;
  }

  /**
   * Starts a backup and returns at once, or empty when one is running already (here or in another
   * instance). The start is recorded in the install audit chain.
   *
   * @param trigger {@code manual}, {@code schedule} or {@code external}
   * @param actor who asked: the user's actor id, or {@code system:job:…}
   */
  public Optional<Started> start(String trigger, String actor, BooleanSupplier cancelled) {
    Optional<BackupLock> acquired = BackupLock.tryAcquire(installDatabase, BackupLock.BACKUP);
    if (acquired.isEmpty()) {
      return Optional.empty();
    }
    BackupLock lock = acquired.get();
    UUID id = UUID.randomUUID();
    Instant at = now();
    String location = target.location(id);
    try {
      int abandoned = store.closeAbandoned(at);
      if (abandoned > 0) {
        LOG.warn("closed {} backup(s) left running by a stopped server", abandoned);
      }
      audit.change(
          Scope.install(),
          h -> {
            store.insert(h, id, trigger, actor, location, at);
            return id;
          },
          x ->
              AuditEvent.by(actorType(actor), actor)
                  .subject("backup", id)
                  .publicMetadata(Map.of("trigger", trigger, "location", location))
                  .action("backup.started"));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    Backup first = store.find(id).orElseThrow();
    CompletableFuture<Backup> done = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            done.complete(execute(first, () -> stopping.get() || cancelled.getAsBoolean()));
          } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
          } finally {
            lock.close();
          }
          after(first, actor);
        });
    return Optional.of(new Started(first, done));
  }

  /** The newest backups first, each with its newest validation. */
  public List<Backup> list(int limit) {
    return withValidations(store.recent(limit));
  }

  public Optional<Backup> find(UUID id) {
    return store.find(id).map(b -> withValidations(List.of(b)).get(0));
  }

  /** The newest good backup (completed, not expired, not failed by its newest validation). */
  public Optional<Backup> newestGood() {
    return withValidations(store.kept()).stream().filter(Backup::good).findFirst();
  }

  private List<Backup> withValidations(List<Backup> backups) {
    Map<UUID, Validation> latest =
        store.latestValidations(backups.stream().map(Backup::id).toList());
    return backups.stream().map(b -> b.withValidation(latest.get(b.id()))).toList();
  }

  /** What the dump itself needs to know of one database. */
  private record Planned(String name, String role, Organization org, String chainId) {}

  private Backup execute(Backup backup, BooleanSupplier cancelled) {
    Path dir = target.workDirectory(backup.id());
    List<Backup.DatabaseDump> dumps = new ArrayList<>();
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      PgTools.Version dumpVersion = PgTools.version(config.pgDump());
      ServerVersion serverVersion = serverVersion(installDatabase.jdbi());
      if (dumpVersion.major() < serverVersion.major()) {
        throw new PlatformException(
            ErrorCode.CONFLICT,
            "pg_dump "
                + dumpVersion.text()
                + " ("
                + config.pgDump()
                + ") is older than the PostgreSQL server "
                + serverVersion.text()
                + ": a dump it made could not be trusted; install the client tools of PostgreSQL "
                + serverVersion.major()
                + " or newer and point palisade.backup.pg-dump at them");
      }
      ensureProbe();
      PgTarget pg = PgTarget.of(server.installUrl(), server.connectionProperties());
      List<Planned> planned = new ArrayList<>();
      planned.add(
          new Planned(
              JdbcUrls.database(server.installUrl()), Manifest.INSTALL, null, Scope.INSTALL_ID));
      organizations.forEach(
          o -> planned.add(new Planned(o.databaseName(), Manifest.TENANT, o, Scope.of(o).id())));
      List<Manifest.Database> databases = new ArrayList<>();
      for (Planned p : planned) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("the backup was stopped");
        }
        Manifest.Database d = dump(p, pg, dir, cancelled);
        databases.add(d);
        dumps.add(
            new Backup.DatabaseDump(
                d.name(),
                d.role(),
                d.organizationId(),
                d.organizationSlug(),
                d.schemaVersion(),
                d.totalSize(),
                d.files().size() + (d.storage() == null ? 0 : d.storage().files().size())));
      }
      Manifest manifest =
          new Manifest(
              backup.id(),
              installId.value(),
              backup.startedAt().toString(),
              build.version(),
              serverVersion.text(),
              dumpVersion.text(),
              signer.keyId(),
              Base64.getEncoder().encodeToString(signer.publicKey()),
              databases);
      byte[] bytes = manifest.canonical();
      byte[] signature = signer.sign(bytes);
      Files.write(dir.resolve(Manifest.FILE), bytes);
      Files.writeString(
          dir.resolve(Manifest.SIGNATURE),
          Base64.getEncoder().encodeToString(signature) + "\n",
          StandardCharsets.US_ASCII);
      long size =
          databases.stream().mapToLong(Manifest.Database::totalSize).sum()
              + bytes.length
              + Files.size(dir.resolve(Manifest.SIGNATURE));
      String sha = HexFormat.of().formatHex(Hashes.sha256(bytes));
      target.publish(backup.id(), dir);
      Instant ended = now();
      UUID receipt = receipt(backup, Evidence.SUCCEEDED, size, databases.size(), sha, null);
      store.complete(backup.id(), ended, size, dumps, sha, receipt);
      metrics.backupCompleted(ended, Duration.between(backup.startedAt(), ended), size);
      LOG.info(
          "backup {} completed: {} database(s), {} bytes in {}",
          backup.id(),
          databases.size(),
          size,
          dir);
    } catch (Exception e) {
      String reason =
          e instanceof PlatformException || e instanceof CancellationException
              ? Sanitizer.clean(e.getMessage())
              : Sanitizer.reason(e);
      deleteTree(dir);
      if (target.isS3()) {
        try {
          target.remove(backup);
        } catch (RuntimeException r) {
          LOG.warn("could not remove the objects of failed backup {}", backup.id());
        }
      }
      UUID receipt = receipt(backup, Evidence.FAILED, 0, dumps.size(), null, reason);
      store.fail(backup.id(), now(), reason, dumps, receipt);
      events.raise(
          SecurityEvents.event(
                  SecurityEventType.BACKUP_FAILED, "backup " + backup.id() + " failed: " + reason)
              .context("backup", backup.id()));
      LOG.warn("backup {} failed: {}", backup.id(), reason);
    }
    return find(backup.id()).orElseThrow();
  }

  /** After a run, with the lock released: retention, and validation when configured. */
  private void after(Backup backup, String actor) {
    try {
      applyRetention(actor);
    } catch (RuntimeException e) {
      LOG.warn("backup retention failed: {}", Sanitizer.reason(e));
    }
    Optional<Backup> done = store.find(backup.id());
    if (config.validateAfterBackup()
        && done.map(b -> Backup.COMPLETED.equals(b.state())).orElse(false)) {
      try {
        validations.start(backup.id(), "after-backup", actor, () -> stopping.get());
      } catch (RuntimeException e) {
        LOG.warn("validating backup {} could not start: {}", backup.id(), Sanitizer.reason(e));
      }
    }
  }

  private Manifest.Database dump(Planned p, PgTarget target, Path dir, BooleanSupplier cancelled)
      throws IOException {
    Path out = dir.resolve(p.name());
    String version;
    ChainCopies.Head head;
    Manifest.Storage storage;
    try (Handle h = Jdbi.open(server.urlFor(p.name()), server.connectionProperties())) {
      h.begin();
      h.execute("set transaction isolation level repeatable read, read only");
      String snapshot = h.createQuery("select pg_export_snapshot()").mapTo(String.class).one();
      version = Migrations.appliedVersion(h);
      head = ChainCopies.head(h, p.chainId());
      List<String> command = new ArrayList<>();
      command.add(config.pgDump());
      command.addAll(PgTools.connection(target, p.name()));
      command.add("--format=directory");
      command.add("--jobs=" + config.jobs());
      command.add("--snapshot=" + snapshot);
      command.add("--file=" + out);
      PgTools.Result r = PgTools.run(command, target, cancelled);
      if (r.exit() != 0) {
        h.rollback();
        throw new PlatformException(
            ErrorCode.DEPENDENCY_FAILED,
            "pg_dump of " + p.name() + " failed (exit " + r.exit() + "): " + r.tail(600));
      }
      storage =
          p.org() == null ? null : storageCopy.copy(h, Scope.of(p.org()), p.name(), dir, cancelled);
      h.rollback();
    }
    return new Manifest.Database(
        p.name(),
        p.role(),
        p.org() == null ? null : p.org().id(),
        p.org() == null ? null : p.org().slug(),
        version,
        p.name(),
        files(out),
        List.of(head),
        storage);
  }

  /** Every regular file under {@code dir}, by path, with size and SHA-256. */
  static List<Manifest.FileEntry> files(Path dir) throws IOException {
    List<Manifest.FileEntry> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = dir.relativize(f).toString().replace('\\', '/');
        out.add(new Manifest.FileEntry(rel, Files.size(f), sha256(f)));
      }
    }
    out.sort(Comparator.comparing(Manifest.FileEntry::path));
    return out;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The server's version as {@code SHOW server_version} says (first word) and its major. */
  record ServerVersion(int major, String text) {}

  static ServerVersion serverVersion(Jdbi db) {
    return db.withHandle(
        h -> {
          int num = h.createQuery("show server_version_num").mapTo(Integer.class).one();
          String text = h.createQuery("show server_version").mapTo(String.class).one();
          return new ServerVersion(num / 10_000, text.split(" ")[0]);
        });
  }

  private UUID receipt(
      Backup backup, String outcome, long size, int databases, String sha, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backupId", backup.id().toString());
    details.put("databases", databases);
    if (sha != null) {
      details.put("sizeBytes", size);
      details.put("manifestSha256", sha);
    }
    if (reason != null) {
      details.put("reason", reason.length() > 300 ? reason.substring(0, 300) : reason);
    }
    try {
      Receipt r =
          evidence.issue(
              "backup.run", backup.requestedBy(), null, "backup " + backup.id(), outcome, details);
      return r.id();
    } catch (RuntimeException e) {
      LOG.warn(
          "the receipt of backup {} could not be issued: {}", backup.id(), Sanitizer.reason(e));
      return null;
    }
  }

  /**
   * Expires what retention no longer keeps: every backup beyond the newest {@code keep} good ones
   * that is older than {@code keepWithin}. Its files are deleted and the expiry is recorded in the
   * install audit chain. Returns how many were expired.
   */
  public synchronized int applyRetention(String actor) {
    List<Backup> kept = withValidations(store.kept());
    Instant cutoff = now().minus(config.keepWithin());
    int good = 0;
    int expired = 0;
    for (Backup b : kept) {
      if (Backup.RUNNING.equals(b.state())) {
        continue;
      }
      boolean keep = b.startedAt().isAfter(cutoff);
      if (b.good()) {
        keep |= good < config.keep();
        good++;
      }
      if (!keep) {
        expire(b, actor);
        expired++;
      }
    }
    return expired;
  }

  private void expire(Backup b, String actor) {
    target.remove(b);
    Instant at = now();
    String reason =
        "retention: not among the newest "
            + config.keep()
            + " good backups and older than "
            + config.keepWithin();
    audit.change(
        Scope.install(),
        h -> {
          store.expire(h, b.id(), at);
          return b.id();
        },
        x ->
            AuditEvent.by(actorType(actor), actor)
                .subject("backup", b.id())
                .publicMetadata(
                    Map.of(
                        "state", b.state(),
                        "startedAt", b.startedAt().toString(),
                        "location", b.location()))
                .reason(reason)
                .action("backup.expired"));
    LOG.info("backup {} expired ({})", b.id(), reason);
  }

  /**
   * Raises {@code backupStale} when no good backup completed within twice the backup cadence (at
   * most once per cadence). Returns the reason when the backups are stale.
   */
  public Optional<String> checkStale() {
    Optional<Backup> good = newestGood();
    Instant reference = good.map(Backup::endedAt).orElse(since);
    Duration limit = cadence.multipliedBy(2);
    Instant now = now();
    if (!reference.plus(limit).isBefore(now)) {
      staleRaisedAt = null;
      return Optional.empty();
    }
    String reason =
        good.isPresent()
            ? "the newest good backup completed at "
                + reference
                + ", more than "
                + limit
                + " (twice the backup cadence) ago"
            : "no good backup exists, and none completed within " + limit + " of the server start";
    Instant last = staleRaisedAt;
    if (last == null || !last.plus(cadence).isAfter(now)) {
      staleRaisedAt = now;
      events.raise(SecurityEvents.event(SecurityEventType.BACKUP_STALE, reason));
    }
    return Optional.of(reason);
  }

  /**
   * Makes sure the probe account restore validation signs in with is in the install database this
   * backup dumps. If it cannot be made, the backup goes on (validation then reports the step).
   */
  private void ensureProbe() {
    try {
      probe.ensure().destroy();
    } catch (RuntimeException e) {
      LOG.warn("the backup probe account could not be made: {}", Sanitizer.reason(e));
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static String actorType(String actor) {
    return actor.startsWith("system") ? "system" : "user";
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }

  /** Lists at most {@value #LISTED} backups. */
  public List<Backup> recent() {
    return list(LISTED);
  }

  @PreDestroy
  void stop() {
    stopping.set(true);
    executor.shutdown();
  }
}
