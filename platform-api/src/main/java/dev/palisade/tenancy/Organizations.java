package dev.palisade.tenancy;

import dev.palisade.audit.AuditChain;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating, reading and changing organizations; each one gets a database of its own. */
@Singleton
public final class Organizations {
  private static final Logger LOG = LoggerFactory.getLogger(Organizations.class);

  private final OrgRegistry registry;
  private final TenantDatabases databases;
  private final SecureRandom random = new SecureRandom();

  private final AuditLog audit;
  private final List<OrgCreationHook> hooks;

  Organizations(
      OrgRegistry registry,
      TenantDatabases databases,
      AuditLog audit,
      List<OrgCreationHook> hooks) {
    this.registry = registry;
    this.databases = databases;
    this.audit = audit;
    this.hooks = List.copyOf(hooks);
  }

  public Optional<Organization> findBySlug(String slug) {
    return OrgSlug.isValid(slug) ? registry.findBy("slug", slug) : Optional.empty();
  }

  public Optional<Organization> findById(UUID id) {
    return registry.findBy("id", id);
  }

  public List<Organization> list(String afterSlug, int limit) {
    return registry.list(afterSlug, limit);
  }

  /** Every organization in slug order, read in batches (for jobs that sweep all of them). */
  public void forEach(java.util.function.Consumer<Organization> action) {
    String after = null;
    while (true) {
      List<Organization> batch = registry.list(after, 200);
      batch.forEach(action);
      if (batch.size() < 200) {
        return;
      }
      after = batch.get(batch.size() - 1).slug();
    }
  }

  public int count() {
    return registry.count();
  }

  /**
   * Creates the organization's database from the migrated template, opens its audit chain, then
   * registers it. If any step fails the database is dropped again, so nothing is left half made.
   */
  public Organization create(OrgSettings settings, String actor) {
    if (registry.findBy("slug", settings.slug()).isPresent()) {
      throw new PlatformException(ErrorCode.CONFLICT, "slug is already taken");
    }
    int existing = registry.count();
    hooks.forEach(h -> h.admit(existing));
    String database = databases.databaseNameFor(settings.slug());
    if (registry.databaseNameTaken(database)) {
      database = database + "_" + HexFormat.of().formatHex(random.generateSeed(3));
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Organization org =
        new Organization(
            UUID.randomUUID(),
            settings.slug(),
            settings.name(),
            settings.timezone(),
            settings.locale(),
            database,
            now,
            now);
    long started = System.nanoTime();
    databases.create(database);
    try {
      // The organization's own chain (and keyring) first: if anything after it fails, the
      // database is dropped with them. The registry row and the install chain entry commit
      // together last, so an organization is either fully there or not at all.
      audit.record(AuditChain.of(org), created(actor, org));
      audit.change(
          AuditChain.install(),
          c -> {
            int registered = registry.count(c);
            for (OrgCreationHook h : hooks) {
              h.admit(registered);
            }
            registry.insert(c, org);
            for (OrgCreationHook h : hooks) {
              h.created(c, org);
            }
            return org;
          },
          o -> created(actor, o));
    } catch (RuntimeException e) {
      databases.drop(database);
      throw e;
    }
    LOG.info(
        "organization {} created with database {} in {} ms",
        org.slug(),
        database,
        (System.nanoTime() - started) / 1_000_000);
    return org;
  }

  /** Applies new settings; the database name stays what it was at creation. */
  public Organization update(Organization current, OrgSettings settings, String actor) {
    Organization changed =
        new Organization(
            current.id(),
            settings.slug(),
            settings.name(),
            settings.timezone(),
            settings.locale(),
            current.databaseName(),
            current.createdAt(),
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    AuditEvent event =
        AuditEvent.by("user", actor)
            .subject("organization", current.id())
            .publicMetadata(Map.of("slug", changed.slug()))
            .sealed(Map.of("before", settingsOf(current), "after", settingsOf(changed)))
            .action("org.settings.changed");
    audit.change(
        AuditChain.install(),
        c -> {
          registry.update(c, changed);
          return changed;
        },
        o -> event);
    audit.record(AuditChain.of(changed), event);
    LOG.info("organization {} settings changed", changed.id());
    return changed;
  }

  private static AuditEvent created(String actor, Organization o) {
    return AuditEvent.by("user", actor)
        .subject("organization", o.id())
        .publicMetadata(Map.of("slug", o.slug(), "database", o.databaseName()))
        .sealed(Map.of("after", settingsOf(o)))
        .action("org.created");
  }

  private static Map<String, Object> settingsOf(Organization o) {
    return Map.of(
        "slug", o.slug(), "name", o.name(), "timezone", o.timezone(), "locale", o.locale());
  }
}
