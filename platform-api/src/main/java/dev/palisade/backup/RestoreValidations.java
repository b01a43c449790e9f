package dev.palisade.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.ChainCopies;
import dev.palisade.audit.CheckpointSigner;
import dev.palisade.audit.Verification;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Evidence;
import dev.palisade.events.Incidents;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.identity.ProbeAccount;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.DatabaseServer;
import dev.palisade.tenancy.InstallDatabase;
import dev.palisade.tenancy.InstallId;
import dev.palisade.tenancy.JdbcUrls;
import dev.palisade.tenancy.Migrations;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.tenancy.TenantDatabases;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restore validation: proves that a backup restores and that what it restores is the install's.
 * Checks the manifest's signature and every file's SHA-256, restores each database with {@code
 * pg_restore} into a scratch database, checks its Flyway schema version, verifies its audit chain
 * with the normal verifier, checks its chain head against the live chain, opens one sealed audit
 * entry with the current key provider, and, in the install database, checks the probe account's
 * sealed password against its restored hash ({@link ProbeAccount}). Scratch databases are named
 * {@value #PREFIX}{@code <install>_<random>}, marked with a comment, and dropped at the end of
 * every validation, however it ends; those left by a crash are dropped at the next start. One
 * validation runs at a time across instances.
 */
@Context
public final class RestoreValidations {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreValidations.class);

  /** The reserved prefix of scratch databases. */
  public static final String PREFIX = "palisade_restorecheck_";

  static final String INCIDENT_SUBJECT = "backups";

  private final BackupConfig config;
  private final BackupStore store;
  private final DatabaseServer server;
  private final InstallDatabase installDatabase;
  private final TenantDatabases tenants;
  private final InstallId installId;
  private final CheckpointSigner signer;
  private final ChainCopies chains;
  private final Organizations organizations;
  private final SecurityEvents events;
  private final Incidents incidents;
  private final Evidence evidence;
  private final BackupMetrics metrics;
  private final BackupTarget target;
  private final AuditLog audit;
  private final ProbeAccount probe;
  private final BundledStorageCheck storage;
  private final ObjectMapper json;
  private final Clock clock;
  private final String scratchPrefix;
  private final String marker;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "palisade-restore-validation");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean stopping = new AtomicBoolean();

  RestoreValidations(
      BackupConfig config,
      BackupStore store,
      DatabaseServer server,
      InstallDatabase installDatabase,
      TenantDatabases tenants,
      InstallId installId,
      CheckpointSigner signer,
      ChainCopies chains,
      Organizations organizations,
      SecurityEvents events,
      Incidents incidents,
      Evidence evidence,
      BackupMetrics metrics,
      BackupTarget target,
      AuditLog audit,
      ProbeAccount probe,
      BundledStorageCheck storage,
      ObjectMapper json,
      Clock clock) {
    this.config = config;
    this.store = store;
    this.server = server;
    this.installDatabase = installDatabase;
    this.tenants = tenants;
    this.installId = installId;
    this.signer = signer;
    this.chains = chains;
    this.organizations = organizations;
    this.events = events;
    this.incidents = incidents;
    this.evidence = evidence;
    this.metrics = metrics;
    this.target = target;
    this.audit = audit;
    this.probe = probe;
    this.storage = storage;
    this.json = json;
    this.clock = clock;
    this.scratchPrefix =
        PREFIX + installId.value().toString().replace("-", "").substring(0, 12) + "_";
    this.marker = "palisade-restorecheck:" + installId.value();
    dropLeftovers();
  }

  /** A validation that was started: its row as first recorded, and its end. */
  public record Started(Validation validation, CompletableFuture<Validation> done) {}

  /**
   * Starts validating {@code backupId} and returns at once; empty when a validation is running
   * already (here or in another instance). 404 for an unknown backup, 409 for one that did not
   * complete or whose files were expired; in those cases nothing is written. A start is recorded in
   * the install audit chain ({@code backup.validation_requested}) together with its row.
   */
  public Optional<Started> start(
      UUID backupId, String trigger, String actor, BooleanSupplier cancelled) {
    Backup backup =
        store
            .find(backupId)
            .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no such backup"));
    if (!Backup.COMPLETED.equals(backup.state())) {
      throw new PlatformException(
          ErrorCode.CONFLICT, "the backup is " + backup.state() + ", not completed");
    }
    if (backup.expiredAt() != null) {
      throw new PlatformException(
          ErrorCode.CONFLICT,
          "the backup expired at " + backup.expiredAt() + "; its files are gone");
    }
    Optional<BackupLock> acquired = BackupLock.tryAcquire(installDatabase, BackupLock.VALIDATION);
    if (acquired.isEmpty()) {
      return Optional.empty();
    }
    BackupLock lock = acquired.get();
    UUID id = UUID.randomUUID();
    try {
      store.closeAbandonedValidations(now());
      Instant at = now();
      audit.change(
          Scope.install(),
          h -> {
            store.insertValidation(h, id, backupId, trigger, actor, at);
            return id;
          },
          x ->
              AuditEvent.by(Backups.actorType(actor), actor)
                  .subject("backup", backupId)
                  .publicMetadata(Map.of("trigger", trigger, "validation", id.toString()))
                  .action("backup.validation_requested"));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    Validation first = store.validation(id).orElseThrow();
    CompletableFuture<Validation> done = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            done.complete(
                run(first, backup, actor, () -> stopping.get() || cancelled.getAsBoolean()));
          } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
          } finally {
            lock.close();
          }
        });
    return Optional.of(new Started(first, done));
  }

  /** The newest validation of {@code backupId}. */
  public Optional<Validation> latest(UUID backupId) {
    return Optional.ofNullable(store.latestValidations(List.of(backupId)).get(backupId));
  }

  /** Thrown by a step that fails; the validation stops at it (or at its database). */
  private static final class StepFailed extends RuntimeException {
    StepFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** The steps of one validation as they are taken. */
  private final class Run {
    final List<Validation.Step> steps = new ArrayList<>();
    String failedDatabase;
    String failedStep;
    String detail;
    long restoreMillis;

    /** Runs a step; a failure is recorded and rethrown as {@link StepFailed}. */
    <T> T step(String name, String database, StepWork<T> work) {
      long t0 = System.nanoTime();
      try {
        Outcome<T> o = work.run();
        steps.add(
            new Validation.Step(
                name, database, o.skipped ? "skipped" : "passed", millisSince(t0), o.detail));
        return o.value;
      } catch (CancellationException e) {
        throw e;
      } catch (RuntimeException e) {
        String why =
            e instanceof StepFailed || e instanceof PlatformException
                ? Sanitizer.clean(e.getMessage())
                : Sanitizer.reason(e);
        steps.add(new Validation.Step(name, database, "failed", millisSince(t0), why));
        if (failedStep == null) {
          failedStep = name;
          failedDatabase = database;
          detail = why;
        }
        throw new StepFailed(why);
      }
    }
  }

  private record Outcome<T>(T value, boolean skipped, String detail) {
    static <T> Outcome<T> passed(T value, String detail) {
      return new Outcome<>(value, false, detail);
    }

    static <T> Outcome<T> skipped(String detail) {
      return new Outcome<>(null, true, detail);
    }
  }

  @FunctionalInterface
  private interface StepWork<T> {
    Outcome<T> run();
  }

  private Validation run(
      Validation validation, Backup backup, String actor, BooleanSupplier cancelled) {
    Run run = new Run();
    Path[] fetched = new Path[1];
    Set<String> created = new TreeSet<>();
    try {
      if (backup.location().startsWith("s3://")) {
        run.step(
            "download",
            null,
            () -> {
              try {
                fetched[0] = target.fetch(backup);
              } catch (IOException e) {
                throw new StepFailed("the backup cannot be downloaded: " + e.getMessage());
              }
              return Outcome.passed(null, "downloaded from " + backup.location());
            });
      } else {
        fetched[0] = Path.of(backup.location());
      }
      Path dir = fetched[0];
      Manifest manifest = run.step("signature", null, () -> signature(dir, backup));
      run.step("checksums", null, () -> checksums(dir, manifest));
      for (Manifest.Database db : manifest.databases()) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("the validation was stopped");
        }
        try {
          database(run, dir, db, created, cancelled);
        } catch (StepFailed e) {
          // recorded; the other databases are still checked
        }
      }
    } catch (StepFailed e) {
      // recorded in run
    } catch (CancellationException e) {
      if (run.failedStep == null) {
        run.failedStep = "cancelled";
        run.detail = "the validation was stopped before it ended";
      }
    } finally {
      try {
        run.step("cleanup", null, () -> cleanup(created));
      } catch (StepFailed e) {
        // recorded
      }
      if (fetched[0] != null) {
        target.release(backup, fetched[0]);
      }
    }
    boolean passed = run.failedStep == null;
    Instant ended = now();
    long age = Duration.between(backup.startedAt(), validation.startedAt()).toMillis();
    store.finishValidation(
        validation.id(),
        passed ? Validation.PASSED : Validation.FAILED,
        ended,
        run.steps,
        run.failedDatabase,
        run.failedStep,
        run.detail,
        run.restoreMillis,
        age);
    metrics.validationEnded(ended, Duration.between(validation.startedAt(), ended), passed);
    receipt(backup, actor, passed, run);
    if (passed) {
      incidents.resolve(Incidents.BACKUP_UNVERIFIED, INCIDENT_SUBJECT);
      LOG.info("backup {} passed restore validation", backup.id());
    } else {
      String reason =
          "backup "
              + backup.id()
              + " failed restore validation at step "
              + run.failedStep
              + (run.failedDatabase == null ? "" : " of database " + run.failedDatabase)
              + ": "
              + run.detail;
      UUID event =
          events.raise(
              SecurityEvents.event(SecurityEventType.BACKUP_VALIDATION_FAILED, reason)
                  .context("backup", backup.id())
                  .context("step", run.failedStep)
                  .context("database", run.failedDatabase));
      incidents.open(
          Incidents.BACKUP_UNVERIFIED,
          INCIDENT_SUBJECT,
          null,
          SecurityEventType.BACKUP_VALIDATION_FAILED.severity(),
          reason,
          event);
      LOG.warn("{}", reason);
    }
    return store.validation(validation.id()).orElseThrow();
  }

  private Outcome<Manifest> signature(Path dir, Backup backup) {
    Manifest m;
    try {
      m = ManifestCheck.signed(dir, signer.publicKey(), "this install's signing key", json);
    } catch (ManifestCheck.Failed e) {
      throw new StepFailed(e.getMessage());
    }
    if (!m.backupId().equals(backup.id())) {
      throw new StepFailed("the manifest is of backup " + m.backupId() + ", not " + backup.id());
    }
    if (!m.installId().equals(installId.value())) {
      throw new StepFailed("the manifest is of install " + m.installId() + ", not this one");
    }
    return Outcome.passed(m, "signed with key " + m.signingKeyId());
  }

  private Outcome<Void> checksums(Path dir, Manifest m) {
    try {
      return Outcome.passed(null, ManifestCheck.files(dir, m));
    } catch (ManifestCheck.Failed e) {
      throw new StepFailed(e.getMessage());
    }
  }

  private void database(
      Run run, Path dir, Manifest.Database db, Set<String> created, BooleanSupplier cancelled) {
    String scratch = newScratchName();
    String url = JdbcUrls.withDatabase(validationUrl(), scratch);
    run.step(
        "restore",
        db.name(),
        () -> {
          createScratch(scratch);
          created.add(scratch);
          long t0 = System.nanoTime();
          List<String> command = new ArrayList<>();
          command.add(config.pgRestore());
          command.addAll(PgTools.connection(target(), scratch));
          command.add("--jobs=" + config.jobs());
          command.add("--no-owner");
          command.add("--no-acl");
          command.add("--exit-on-error");
          command.add(dir.resolve(db.directory()).toString());
          PgTools.Result r = PgTools.run(command, target(), cancelled);
          if (r.exit() != 0) {
            throw new StepFailed(
                "pg_restore into " + scratch + " failed (exit " + r.exit() + "): " + r.tail(600));
          }
          run.restoreMillis += millisSince(t0);
          return Outcome.passed(null, "restored into " + scratch);
        });
    HikariDataSource pool = pool(url);
    try {
      Jdbi copy = Jdbi.create(pool);
      run.step(
          "schema",
          db.name(),
          () -> {
            String restored = copy.withHandle(Migrations::appliedVersion);
            if (!restored.equals(db.schemaVersion())) {
              throw new StepFailed(
                  "the restored schema is at version "
                      + restored
                      + ", the manifest says "
                      + db.schemaVersion());
            }
            String newest =
                Manifest.INSTALL.equals(db.role())
                    ? installDatabase.latestMigration()
                    : tenants.latestVersion();
            if (MigrationVersion.fromVersion(restored)
                    .compareTo(MigrationVersion.fromVersion(newest))
                > 0) {
              throw new StepFailed(
                  "the restored schema is at version "
                      + restored
                      + ", newer than this build's "
                      + newest);
            }
            return Outcome.passed(null, "Flyway version " + restored);
          });
      if (db.storage() != null) {
        run.step(
            "storage",
            db.name(),
            () -> {
              BundledStorageCheck.Result r = copy.withHandle(h -> storage.check(h, db.storage()));
              if (!r.matches()) {
                throw new StepFailed(r.detail());
              }
              return Outcome.passed(null, r.detail());
            });
      }
      Scope scope = run.step("chain", db.name(), () -> chain(copy, db));
      run.step(
          "liveHead",
          db.name(),
          () -> {
            for (ChainCopies.Head head : db.auditChains()) {
              Optional<String> problem = chains.compareWithLive(scope, head);
              if (problem.isPresent()) {
                throw new StepFailed(problem.get());
              }
            }
            return Outcome.passed(
                null,
                db.auditChains().isEmpty()
                    ? "no chain"
                    : "entry " + db.auditChains().get(0).sequence() + " is in the live chain");
          });
      run.step(
          "unseal",
          db.name(),
          () -> {
            OptionalLong opened = copy.withHandle(h -> chains.openOneSealed(scope, h));
            return opened.isPresent()
                ? Outcome.passed(null, "opened the sealed metadata of entry " + opened.getAsLong())
                : Outcome.skipped("the restored chain has no sealed entry");
          });
      if (Manifest.INSTALL.equals(db.role())) {
        run.step("credentials", db.name(), () -> copy.withHandle(this::credentials));
      }
    } finally {
      pool.close();
      dropQuietly(scratch);
      created.remove(scratch);
    }
  }

  private Outcome<Scope> chain(Jdbi copy, Manifest.Database db) {
    Scope scope;
    if (Manifest.INSTALL.equals(db.role())) {
      scope = Scope.install();
    } else {
      Organization org =
          organizations
              .findById(db.organizationId())
              .orElseThrow(
                  () ->
                      new StepFailed(
                          "organization "
                              + db.organizationId()
                              + " is no longer registered: its restored chain cannot be compared"));
      scope = Scope.of(org);
    }
    ChainCopies.Head restored = copy.withHandle(h -> ChainCopies.head(h, scope.id()));
    for (ChainCopies.Head listed : db.auditChains()) {
      if (listed.chainId().equals(scope.id())
          && (listed.sequence() != restored.sequence()
              || !listed.chainHash().equals(restored.chainHash()))) {
        throw new StepFailed(
            "the restored head of chain "
                + scope.id()
                + " is entry "
                + restored.sequence()
                + ", not the manifest's entry "
                + listed.sequence());
      }
    }
    Verification v = chains.verify(scope, copy);
    if (!v.intact()) {
      throw new StepFailed("the restored chain " + scope.id() + " is broken: " + v.detail());
    }
    return Outcome.passed(
        scope,
        "chain "
            + scope.id()
            + " intact, "
            + v.entries()
            + " entries, "
            + v.checkpointsChecked()
            + " signed checkpoint(s) checked");
  }

  /** The probe account's sealed password against its hash in the restored install database. */
  private Outcome<Void> credentials(Handle restored) {
    Optional<ProbeAccount.Probe> found = probe.find();
    if (found.isEmpty()) {
      return Outcome.skipped("no probe account yet: the next backup makes one");
    }
    ProbeAccount.Probe p = found.get();
    try {
      return switch (probe.check(restored, p)) {
        case VERIFIES ->
            Outcome.passed(
                null, "the probe account " + p.id() + " verifies against the restored hash");
        case PREDATES -> Outcome.skipped("the backup predates the probe account");
        case MISSING ->
            throw new StepFailed(
                "the probe account "
                    + p.id()
                    + " is missing from the restored install_admins, though the backup holds"
                    + " its sealed secret");
        case DIFFERS ->
            throw new StepFailed(
                "the probe account's password does not verify against its restored hash in"
                    + " install_admins: the restored identity data was changed");
      };
    } finally {
      p.destroy();
    }
  }

  private Outcome<Void> cleanup(Set<String> created) {
    List<String> left = new ArrayList<>();
    for (String name : List.copyOf(created)) {
      if (!dropQuietly(name)) {
        left.add(name);
      }
    }
    if (!left.isEmpty()) {
      throw new StepFailed("could not drop " + String.join(", ", left) + "; dropped at next start");
    }
    return Outcome.passed(null, "scratch databases dropped");
  }

  private void receipt(Backup backup, String actor, boolean passed, Run run) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backupId", backup.id().toString());
    details.put("steps", run.steps.size());
    if (!passed) {
      details.put("failedStep", run.failedStep);
      if (run.failedDatabase != null) {
        details.put("failedDatabase", run.failedDatabase);
      }
    }
    try {
      evidence.issue(
          "backup.validate",
          actor,
          null,
          "backup " + backup.id(),
          passed ? Evidence.SUCCEEDED : Evidence.FAILED,
          details);
    } catch (RuntimeException e) {
      LOG.warn("the validation receipt could not be issued: {}", Sanitizer.reason(e));
    }
  }

  // ---- scratch databases ----

  private String validationUrl() {
    String url = config.validationDatabaseUrl();
    return url == null || url.isBlank() ? server.installUrl() : url;
  }

  private PgTarget target() {
    return PgTarget.of(validationUrl(), server.connectionProperties());
  }

  private String newScratchName() {
    return scratchPrefix + HexFormat.of().formatHex(dev.palisade.crypto.Tokens.randomBytes(4));
  }

  private <T> T admin(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
    Properties props = server.connectionProperties();
    try (Handle h = Jdbi.open(validationUrl(), props)) {
      return work.withHandle(h);
    }
  }

  /** Creates the scratch database; never one that exists (the create fails then). */
  private void createScratch(String name) {
    if (!name.matches("[a-z0-9_]{1,63}") || !name.startsWith(scratchPrefix)) {
      throw new IllegalArgumentException("not a scratch database name");
    }
    admin(
        h -> {
          h.execute("create database \"" + name + "\"");
          h.execute("comment on database \"" + name + "\" is '" + marker + "'");
          return null;
        });
  }

  /**
   * Drops a scratch database: only a name with this install's scratch prefix, carrying this
   * install's marker, and not registered as an organization's database.
   */
  private boolean dropQuietly(String name) {
    try {
      if (!name.startsWith(scratchPrefix) || organizations.databaseNameTaken(name)) {
        return false;
      }
      return admin(
          h -> {
            boolean ours =
                h.createQuery(
                        "select count(*) > 0 from pg_database d join pg_shdescription s"
                            + " on s.objoid = d.oid and s.classoid = 'pg_database'::regclass"
                            + " where d.datname = :name and s.description = :marker")
                    .bind("name", name)
                    .bind("marker", marker)
                    .mapTo(Boolean.class)
                    .one();
            boolean exists =
                h.createQuery("select count(*) > 0 from pg_database where datname = :name")
                    .bind("name", name)
                    .mapTo(Boolean.class)
                    .one();
            if (ours) {
              h.execute("drop database if exists \"" + name + "\" with (force)");
              return true;
            }
            return !exists;
          });
    } catch (RuntimeException e) {
      LOG.warn("could not drop scratch database {}: {}", name, Sanitizer.reason(e));
      return false;
    }
  }

  /** Scratch databases a stopped server left behind; skipped while a validation runs. */
  private void dropLeftovers() {
    try {
      Optional<BackupLock> lock = BackupLock.tryAcquire(installDatabase, BackupLock.VALIDATION);
      if (lock.isEmpty()) {
        return;
      }
      try (BackupLock held = lock.get()) {
        List<String> names =
            admin(
                h ->
                    h.createQuery("select datname from pg_database where starts_with(datname, :p)")
                        .bind("p", scratchPrefix)
                        .mapTo(String.class)
                        .list());
        for (String name : names) {
          if (dropQuietly(name)) {
            LOG.warn("dropped scratch database {} left by an interrupted validation", name);
          }
        }
        store.closeAbandonedValidations(now());
      }
    } catch (RuntimeException e) {
      LOG.warn("could not look for leftover scratch databases: {}", Sanitizer.reason(e));
    }
  }

  private HikariDataSource pool(String url) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("restorecheck");
    c.setJdbcUrl(url);
    c.setDataSourceProperties(server.connectionProperties());
    c.setMaximumPoolSize(4);
    c.setMinimumIdle(0);
    c.setInitializationFailTimeout(-1);
    return new HikariDataSource(c);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @PreDestroy
  void stop() {
    stopping.set(true);
    executor.shutdown();
  }
}
