package dev.palisade.tenancy;

import static java.util.Objects.requireNonNull;

import dev.palisade.crypto.Tokens;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micronaut.context.annotation.Context;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant databases: the migrated template every organization database is copied from, creation,
 * migration and removal of each organization's database.
 *
 * <p>Each install owns the databases it creates: its template (one per install, named after the
 * install id) carries a {@code palisade_install} row with the install id, so every copy does too. A
 * database whose row names another install is never migrated, used ({@link TenantConnections}
 * refuses it) or dropped, and creating an organization whose database name is held by a database
 * this install does not own is refused with 409. Several installs can so share one PostgreSQL
 * server.
 *
 * <p>At start-up the template and every registered organization database are brought to the newest
 * {@code db/tenant} migration; a database already current is only checked, not migrated. A
 * registered database without an owner row (created before databases were marked) is claimed.
 */
@Context
public final class TenantDatabases {
  private static final Logger LOG = LoggerFactory.getLogger(TenantDatabases.class);
  private static final long TEMPLATE_LOCK = 0x70616c6973616465L; // "palisade"

  /** Longest database name PostgreSQL keeps (NAMEDATALEN - 1). */
  private static final int MAX_NAME = 63;

  private final DatabaseServer server;
  private final Jdbi install;
  private final Databases databases;
  private final String prefix;
  private final String templateName;
  private final String latestVersion;
  private final UUID owner;
  private final long templateLock;

  public TenantDatabases(
      DatabaseServer server,
      InstallDatabase install,
      Databases databases,
      Organizations organizations,
      TenantConnections connections,
      DatabaseConfig config,
      InstallId installId) {
    this.server = requireNonNull(server, "server is null");
    this.install = install.jdbi();
    this.databases = databases;
    this.prefix = config.tenantPrefix();
    this.owner = installId.value();
    // "__" cannot come from a slug, so no organization database can take the template's name
    this.templateName = prefix + "_template_" + installId.shortForm();
    this.templateLock = TEMPLATE_LOCK ^ owner.getMostSignificantBits();
    this.latestVersion = prepareTemplate();
    migrateRegistered(organizations.databaseNames());
    LOG.info(
        "tenant databases ready: template {}, connection cap {}", templateName, connections.cap());
  }

  /** The newest {@code db/tenant} migration version this build ships. */
  public String latestVersion() {
    return latestVersion;
  }

  /** The database every organization database is copied from; it holds no data of its own. */
  public String templateName() {
    return templateName;
  }

  /**
   * The database name for a new organization: the prefix and the slug, cut short and told apart by
   * a random suffix when that would be longer than PostgreSQL keeps.
   */
  public String databaseNameFor(String slug) {
    String name = prefix + slug.replace('-', '_');
    return name.length() <= MAX_NAME ? name : distinct(name);
  }

  /** {@code name} told apart from another database of that name by a random suffix. */
  public String distinct(String name) {
    String suffix = "_" + HexFormat.of().formatHex(Tokens.randomBytes(3));
    return name.substring(0, Math.min(name.length(), MAX_NAME - suffix.length())) + suffix;
  }

  /**
   * Creates {@code database} as a copy of the migrated template. Not transactional. A database of
   * that name that exists already is never touched: 409, saying whose it is.
   */
  public void create(String database) {
    try {
      withTemplateLock(
          admin -> {
            admin.execute(
                "create database " + quote(database) + " template " + quote(templateName));
            return null;
          });
    } catch (PlatformException e) {
      if ("42P04".equals(PlatformException.sqlState(e))) {
        throw taken(database);
      }
      throw e;
    }
  }

  private PlatformException taken(String database) {
    Optional<UUID> holder;
    try {
      holder = ownerOf(database);
    } catch (RuntimeException e) {
      holder = Optional.empty();
    }
    String whose =
        holder.isEmpty()
            ? "was not created by this install"
            : holder.get().equals(owner)
                ? "belongs to this install but no organization is registered with it (an earlier"
                    + " creation that did not finish); drop it or choose another slug"
                : "belongs to another Palisade install on the same PostgreSQL server; give each"
                    + " install its own palisade.database.tenant-prefix";
    return new PlatformException(
        ErrorCode.CONFLICT,
        "the database " + database + " for this organization already exists and " + whose);
  }

  /** Drops a database created by {@link #create}; used to undo a failed provisioning. */
  public void drop(String database) {
    databases.forget(database);
    try {
      if (!ownerOf(database).map(owner::equals).orElse(false)) {
        LOG.error("not dropping database {}: this install does not own it", database);
        return;
      }
      install.useHandle(
          h -> h.execute("drop database if exists " + quote(database) + " with (force)"));
    } catch (RuntimeException e) {
      LOG.error("could not drop database {}: {}", database, PlatformException.sqlState(e));
    }
  }

  private String prepareTemplate() {
    return withTemplateLock(
        admin -> {
          boolean exists =
              admin
                  .createQuery("select count(*) > 0 from pg_database where datname = :name")
                  .bind("name", templateName)
                  .mapTo(Boolean.class)
                  .one();
          if (!exists) {
            admin.execute("create database " + quote(templateName));
          }
          // Flyway only when something is pending: its scan and validation take a while
          String version =
              onDatabase(templateName, h -> Migrations.current(h, "db/tenant"))
                  .orElseGet(() -> migrate(templateName));
          claim(templateName);
          return version;
        });
  }

  private void migrateRegistered(List<String> registered) {
    int migrated = 0;
    int foreign = 0;
    for (String db : registered) {
      Optional<UUID> holder = ownerOf(db);
      if (holder.isPresent() && !holder.get().equals(owner)) {
        LOG.error(
            "organization database {} belongs to another install: not migrated and not used", db);
        foreign++;
        continue;
      }
      if (!latestVersion.equals(appliedVersion(db))) {
        migrate(db);
        migrated++;
      }
      if (holder.isEmpty()) {
        claim(db);
      }
    }
    LOG.info(
        "{} organization database(s) checked, {} migrated, {} owned by another install",
        registered.size(),
        migrated,
        foreign);
  }

  private String appliedVersion(String database) {
    return onDatabase(database, Migrations::appliedVersion);
  }

  /** The install that owns {@code database}; empty if the database carries no owner row. */
  private Optional<UUID> ownerOf(String database) {
    return onDatabase(database, TenantDatabases::owner);
  }

  /** The owner row of the database {@code h} is on; empty when it has none. */
  static Optional<UUID> owner(Handle h) {
    boolean marked =
        h.createQuery("select to_regclass('palisade_install') is not null")
            .mapTo(Boolean.class)
            .one();
    return marked
        ? h.createQuery("select install_id from palisade_install").mapTo(UUID.class).findOne()
        : Optional.empty();
  }

  /** Marks {@code database} as this install's, unless it is marked already. */
  private void claim(String database) {
    Optional<UUID> holder =
        onDatabase(
            database,
            h -> {
              h.createUpdate(
                      "insert into palisade_install (install_id) values (:owner)"
                          + " on conflict do nothing")
                  .bind("owner", owner)
                  .execute();
              return owner(h);
            });
    if (!holder.map(owner::equals).orElse(false)) {
      throw new PlatformException(
          ErrorCode.INTERNAL, "database " + database + " belongs to another install");
    }
  }

  private <T> T onDatabase(String database, HandleCallback<T, RuntimeException> work) {
    try (Handle h = Jdbi.open(server.urlFor(database), server.connectionProperties())) {
      return work.withHandle(h);
    } catch (JdbiException e) {
      throw PlatformException.database("cannot open tenant database " + database, e);
    }
  }

  /** Migrates {@code database}; returns the newest version this build ships. */
  private String migrate(String database) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(server.urlFor(database), user(), password())
            .locations("classpath:db/tenant")
            .loggers("slf4j")
            .load();
    flyway.migrate();
    return Migrations.latestVersion(flyway);
  }

  private String user() {
    return server.connectionProperties().getProperty("user");
  }

  private String password() {
    return server.connectionProperties().getProperty("password");
  }

  /**
   * Runs work that reads or copies the template under a cluster-wide advisory lock, so that no
   * instance migrates the template while another copies it.
   */
  private <T> T withTemplateLock(HandleCallback<T, RuntimeException> work) {
    try {
      return install.withHandle(
          admin -> {
            admin.execute("select pg_advisory_lock(?)", templateLock);
            try {
              return work.withHandle(admin);
            } finally {
              admin.execute("select pg_advisory_unlock(?)", templateLock);
            }
          });
    } catch (JdbiException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE,
          "tenant database operation failed: " + PlatformException.sqlState(e),
          e);
    }
  }

  static String quote(String identifier) {
    if (!identifier.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("unsafe database name");
    }
    return '"' + identifier + '"';
  }
}
