package dev.palisade.provisioning;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.OrgSettings;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.tenancy.TenantDatabases;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating an organization (its database from the template, its keyring and audit chain, its
 * registry row) and changing its settings, each recorded in the audit chains it concerns.
 */
@Singleton
public final class Provisioning {
  private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);

  private final Organizations organizations;
  private final TenantDatabases databases;
  private final AuditLog audit;
  private final List<OrgCreationHook> hooks;
  private final Clock clock;

  Provisioning(
      Organizations organizations,
      TenantDatabases databases,
      AuditLog audit,
      List<OrgCreationHook> hooks,
      Clock clock) {
    this.organizations = organizations;
    this.databases = databases;
    this.audit = audit;
    this.hooks = List.copyOf(hooks);
    this.clock = clock;
  }

  /**
   * Creates the organization's database from the migrated template, opens its audit chain, then
   * registers it. The registry row and the install chain's entry commit together last; if that
   * commit does not happen (refused, failed or timed out) the database is dropped again, so an
   * organization is either fully there or not at all.
   */
  public Organization create(OrgSettings settings, String actor) {
    if (organizations.findBySlug(settings.slug()).isPresent()) {
      throw new PlatformException(ErrorCode.CONFLICT, "slug is already taken");
    }
    int existing = organizations.count();
    hooks.forEach(h -> h.admit(existing));
    String database = databases.databaseNameFor(settings.slug());
    if (organizations.databaseNameTaken(database)) {
      database = databases.distinct(database); // a renamed organization keeps its database name
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Organization org =
        new Organization(
            UUID.randomUUID(),
            settings.slug(),
            settings.name(),
            settings.timezone(),
            settings.locale(),
            database,
            now,
            now,
            settings.requireMfa());
    long started = System.nanoTime();
    databases.create(database);
    try {
      audit.record(Scope.of(org), created(actor, org));
      audit.change(
          Scope.install(),
          h -> {
            int registered = organizations.count(h);
            for (OrgCreationHook hook : hooks) {
              hook.admit(registered);
            }
            organizations.insert(h, org);
            for (OrgCreationHook hook : hooks) {
              hook.created(h, org);
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
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            settings.requireMfa());
    AuditEvent event =
        AuditEvent.by("user", actor)
            .subject("organization", current.id())
            .publicMetadata(Map.of("slug", changed.slug()))
            .sealed(Map.of("before", settingsOf(current), "after", settingsOf(changed)))
            .action("org.settings.changed");
    audit.change(
        Scope.install(),
        h -> {
          organizations.update(h, changed);
          return changed;
        },
        o -> event);
    audit.record(Scope.of(changed), event);
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
        "slug",
        o.slug(),
        "name",
        o.name(),
        "timezone",
        o.timezone(),
        "locale",
        o.locale(),
        "requireMfa",
        o.requireMfa());
  }
}
