package dev.palisade.backup;

import dev.palisade.events.EvidenceQueries;
import dev.palisade.events.EvidenceView;
import dev.palisade.events.Filters;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.OrgKeyProviders;
import dev.palisade.keys.ProviderDescription;
import dev.palisade.storage.Binding;
import dev.palisade.storage.Bindings;
import dev.palisade.storage.bundled.BundledStorageConfig;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.DatabaseServer;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.JdbcUrls;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The backup plan: everything whose loss loses the install, where it is, how big it is, how it is
 * backed up and the newest good backup of it, with the gaps as findings. Palisade backs up its
 * databases; the key provider's keys, storage outside the install and the files that describe how
 * the install starts are the operator's, and the plan says what to keep of each.
 */
@Singleton
public final class BackupPlan {
  /** A key provider verified longer ago than this is a finding. */
  static final Duration VERIFIED_WITHIN = Duration.ofHours(24);

  private static final Set<String> NOT_START_FILES =
      Set.of("backups", "postgres", "storage", BackupTarget.STAGING);

  private final Backups backups;
  private final BackupTarget target;
  private final Databases databases;
  private final DatabaseServer server;
  private final Organizations organizations;
  private final OrgKeyProviders providers;
  private final Bindings bindings;
  private final BundledStorageConfig bundled;
  private final EvidenceQueries evidence;
  private final InstallHome home;
  private final Clock clock;

  BackupPlan(
      Backups backups,
      BackupTarget target,
      Databases databases,
      DatabaseServer server,
      Organizations organizations,
      OrgKeyProviders providers,
      Bindings bindings,
      BundledStorageConfig bundled,
      EvidenceQueries evidence,
      InstallHome home,
      Clock clock) {
    this.backups = backups;
    this.target = target;
    this.databases = databases;
    this.server = server;
    this.organizations = organizations;
    this.providers = providers;
    this.bindings = bindings;
    this.bundled = bundled;
    this.evidence = evidence;
    this.home = home;
    this.clock = clock;
  }

  /** The plan as shown. */
  public record Plan(
      Instant generatedAt,
      Target target,
      DatabaseItem installDatabase,
      List<DatabaseItem> tenantDatabases,
      List<KeyProviderItem> keyProviders,
      List<StorageItem> storage,
      List<HomeFile> homeFiles,
      List<Finding> findings) {}

  /** Where backups are written. */
  public record Target(String type, String location, boolean insideHome, Long freeBytes) {}

  /** A database: its size and the newest good backup that holds it. */
  public record DatabaseItem(
      String name,
      String role,
      UUID organizationId,
      String organizationSlug,
      long sizeBytes,
      String backedUpBy,
      NewestBackup newestGoodBackup) {}

  /** The newest good backup of something, with its newest validation's state (or null). */
  public record NewestBackup(UUID id, Instant completedAt, String validation) {}

  /** A key provider: what the operator must keep, since Palisade cannot back its keys up. */
  public record KeyProviderItem(
      String keyring,
      String organizationSlug,
      String type,
      String keyId,
      Map<String, String> settings,
      boolean inBackupSet,
      String operatorMustBackUp,
      Instant lastVerifiedAt) {}

  /** An organization's active storage binding and whose backup holds its files. */
  public record StorageItem(
      UUID organizationId,
      String organizationSlug,
      UUID bindingId,
      String type,
      String location,
      boolean inBackupSet,
      String operatorMustBackUp) {}

  /** A file under {@code PALISADE_HOME} that describes how the install starts. */
  public record HomeFile(String path, long sizeBytes, String purpose, boolean inBackupSet) {}

  /** A gap: {@code severity} is {@code high}, {@code warning} or {@code info}. */
  public record Finding(String severity, String subject, String finding) {}

  public Plan plan() {
    List<Finding> findings = new ArrayList<>();
    List<Backup> kept = backups.list(200).stream().filter(Backup::good).toList();
    boolean inside = !target.isS3() && target.directory().startsWith(home.root());
    Target t =
        new Target(
            target.type(),
            target.describe(),
            inside,
            target.isS3() ? null : free(target.directory()));

    String installName = JdbcUrls.database(server.installUrl());
    DatabaseItem install =
        database(installName, Manifest.INSTALL, null, null, kept, findings, "the install database");
    List<DatabaseItem> tenants = new ArrayList<>();
    List<Organization> orgs = new ArrayList<>();
    organizations.forEach(orgs::add);
    for (Organization o : orgs) {
      tenants.add(
          database(
              o.databaseName(),
              Manifest.TENANT,
              o.id(),
              o.slug(),
              kept,
              findings,
              "the database of organization " + o.slug()));
    }

    Instant verified = lastVerified();
    List<KeyProviderItem> keys = new ArrayList<>();
    keys.add(keyProvider(Scope.INSTALL_ID, null, providers.install(), verified, findings));
    for (Organization o : orgs) {
      Scope scope = Scope.of(o);
      try {
        if (!providers.sharesInstallProvider(scope)) {
          keys.add(
              keyProvider(scope.id(), o.slug(), providers.providerFor(scope), verified, findings));
        }
      } catch (RuntimeException e) {
        findings.add(
            new Finding(
                "high",
                scope.id(),
                "the key provider of organization "
                    + o.slug()
                    + " cannot be described: "
                    + Sanitizer.reason(e)));
      }
    }

    List<StorageItem> storage = new ArrayList<>();
    for (Organization o : orgs) {
      Binding active;
      try {
        active = databases.read(Scope.of(o), bindings::active);
      } catch (RuntimeException e) {
        findings.add(
            new Finding(
                "warning",
                "org:" + o.id(),
                "the storage binding of " + o.slug() + " cannot be read: " + Sanitizer.reason(e)));
        continue;
      }
      if (active == null) {
        continue;
      }
      storage.add(storageItem(o, active));
    }

    List<HomeFile> files = homeFiles();
    if (inside) {
      findings.add(
          new Finding(
              "warning",
              "target",
              "backups are written under PALISADE_HOME ("
                  + target.describe()
                  + "), on the host they protect: copy them to another host or set"
                  + " palisade.backup.directory"));
    }
    Optional<Backup> newest = kept.stream().findFirst();
    if (newest.isPresent()) {
      Validation v = newest.get().validation();
      if (v == null) {
        findings.add(
            new Finding(
                "warning",
                "backup:" + newest.get().id(),
                "the newest good backup was never validated: run POST /api/v1/install/backups/"
                    + newest.get().id()
                    + "/validate"));
      }
      Instant limit = clock.instant().minus(backups.cadence().multipliedBy(2));
      if (newest.get().endedAt().isBefore(limit)) {
        findings.add(
            new Finding(
                "high",
                "backups",
                "the newest good backup completed at "
                    + newest.get().endedAt()
                    + ", more than twice the backup cadence ago"));
      }
    }
    return new Plan(clock.instant(), t, install, tenants, keys, storage, files, findings);
  }

  private DatabaseItem database(
      String name,
      String role,
      UUID orgId,
      String slug,
      List<Backup> good,
      List<Finding> findings,
      String what) {
    long size;
    try {
      size =
          databases
              .install()
              .withHandle(
                  h ->
                      h.createQuery("select pg_database_size(:name)")
                          .bind("name", name)
                          .mapTo(Long.class)
                          .one());
    } catch (RuntimeException e) {
      size = -1;
    }
    NewestBackup newest = null;
    for (Backup b : good) {
      if (b.databases().stream().anyMatch(d -> d.name().equals(name))) {
        newest =
            new NewestBackup(
                b.id(), b.endedAt(), b.validation() == null ? null : b.validation().state());
        break;
      }
    }
    if (newest == null) {
      findings.add(
          new Finding(
              "high", name, what + " (" + name + ") is in no good backup of the backup set"));
    }
    return new DatabaseItem(
        name, role, orgId, slug, size, "pg_dump, directory format (database-backup job)", newest);
  }

  private KeyProviderItem keyProvider(
      String keyring, String slug, KeyProvider provider, Instant verified, List<Finding> findings) {
    ProviderDescription d = provider.describe();
    String must =
        switch (d.type()) {
          case "local" ->
              "the key file "
                  + d.settings().getOrDefault("keyFile", "under PALISADE_HOME/keys")
                  + ": copy it to a safe place apart from the backups; without it no backup opens";
          case "pkcs11" ->
              "the HSM's own backup of the key "
                  + d.keyId()
                  + " (the token vendor's backup or cloning procedure); the key never leaves the"
                  + " token, so Palisade cannot back it up";
          case "vault" ->
              "Vault snapshots (for example vault operator raft snapshot save) that hold the"
                  + " Transit key "
                  + d.keyId()
                  + ", and the token or role Palisade signs in with";
          case "awskms" ->
              "access to the KMS key "
                  + d.keyId()
                  + ": keep it enabled, never schedule its deletion, keep the grant or role that"
                  + " lets Palisade decrypt with it; KMS keys cannot be exported";
          default -> "the provider's own backup of the key " + d.keyId();
        };
    if (verified == null || verified.isBefore(clock.instant().minus(VERIFIED_WITHIN))) {
      findings.add(
          new Finding(
              "warning",
              keyring,
              "the key provider ("
                  + d.type()
                  + ") has not passed a verification in the last 24 hours"
                  + (verified == null ? "" : " (last: " + verified + ")")
                  + ": run the key-provider-verification job"));
    }
    return new KeyProviderItem(
        keyring, slug, d.type(), d.keyId(), d.settings(), false, must, verified);
  }

  /** When the newest passing key provider verification receipt was issued. */
  private Instant lastVerified() {
    try {
      for (EvidenceView v :
          evidence.list("keys.verify", Filters.OrgScope.ALL, null, null, 50, null).items()) {
        if ("succeeded".equals(v.outcome())) {
          return Instant.parse(v.issuedAt());
        }
      }
    } catch (RuntimeException e) {
      return null;
    }
    return null;
  }

  private StorageItem storageItem(Organization o, Binding b) {
    Map<String, Object> s = b.settings();
    return switch (b.type()) {
      case "bundled" ->
          new StorageItem(
              o.id(),
              o.slug(),
              b.id(),
              b.type(),
              bundledLocation() + "/" + o.id(),
              true,
              "nothing: every backup copies these files (listed in its manifest with size and"
                  + " SHA-256) and restore validation checks them");
      case "s3" ->
          new StorageItem(
              o.id(),
              o.slug(),
              b.id(),
              b.type(),
              "s3://" + s.getOrDefault("bucket", "?") + "/" + s.getOrDefault("prefix", ""),
              false,
              "the organization's bucket: its versioning or replication is the operator's");
      default ->
          new StorageItem(
              o.id(),
              o.slug(),
              b.id(),
              b.type(),
              String.valueOf(s.getOrDefault("path", "?")),
              false,
              "the organization's dedicated directory: the operator's file backup");
    };
  }

  private String bundledLocation() {
    if ("s3".equals(bundled.type())) {
      return "s3://" + bundled.bucket() + "/" + (bundled.prefix() == null ? "" : bundled.prefix());
    }
    return bundled.directory() == null || bundled.directory().isBlank()
        ? home.resolve("storage").toString()
        : bundled.directory();
  }

  private List<HomeFile> homeFiles() {
    List<HomeFile> out = new ArrayList<>();
    Path root = home.root();
    try (Stream<Path> walk = Files.walk(root, 3)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        Path rel = root.relativize(p);
        if (NOT_START_FILES.contains(rel.getName(0).toString())
            || rel.getFileName().toString().startsWith(".")) {
          continue;
        }
        out.add(new HomeFile(rel.toString(), Files.size(p), purpose(rel.toString()), false));
      }
    } catch (IOException e) {
      // PALISADE_HOME cannot be listed: the plan shows no files
    }
    return out;
  }

  private static String purpose(String path) {
    if (path.startsWith("keys/")) {
      return "key material of the local key provider: keep apart from the backups";
    }
    return switch (path) {
      case "setup-token" -> "the one-time setup token (needed only before setup)";
      case "audit/install-checkpoint-mark" ->
          "the newest signed checkpoint of the install chain, kept outside the install database";
      default -> "install state";
    };
  }

  private static Long free(Path target) {
    Path p = target;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    try {
      return p == null ? null : Files.getFileStore(p).getUsableSpace();
    } catch (IOException e) {
      return null;
    }
  }
}
