package dev.palisade.tenancy;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micronaut.context.annotation.Context;
import java.util.List;
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
 * <p>At start-up the template and every registered organization database are brought to the newest
 * {@code db/tenant} migration; a database already current is only checked, not migrated.
 */
@Context
public final class TenantDatabases {
  private static final Logger LOG = LoggerFactory.getLogger(TenantDatabases.class);
  private static final long TEMPLATE_LOCK = 0x70616c6973616465L; // "palisade"

  private final DatabaseServer server;
  private final Jdbi install;
  private final Databases databases;
  private final String prefix;
  private final String templateName;
  private final String latestVersion;

  public TenantDatabases(
      DatabaseServer server,
      InstallDatabase install,
      Databases databases,
      Organizations organizations,
      TenantConnections connections,
      DatabaseConfig config) {
    this.server = requireNonNull(server, "server is null");
    this.install = install.jdbi();
    this.databases = databases;
    this.prefix = config.tenantPrefix();
    this.templateName = prefix + "_template";
    this.latestVersion = prepareTemplate();
    migrateRegistered(organizations.databaseNames());
    LOG.info(
        "tenant databases ready: template {}, connection cap {}", templateName, connections.cap());
  }

  public String databaseNameFor(String slug) {
    return prefix + slug.replace('-', '_');
  }

  /** Creates {@code database} as a copy of the migrated template. Not transactional. */
  public void create(String database) {
    withTemplateLock(
        admin -> {
          admin.execute("create database " + quote(database) + " template " + quote(templateName));
          return null;
        });
  }

  /** Drops a database created by {@link #create}; used to undo a failed provisioning. */
  public void drop(String database) {
    databases.forget(database);
    try {
      install.useHandle(
          h -> h.execute("drop database if exists " + quote(database) + " with (force)"));
    } catch (JdbiException e) {
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
          return migrate(templateName);
        });
  }

  private void migrateRegistered(List<String> registered) {
    int migrated = 0;
    for (String db : registered) {
      if (!latestVersion.equals(appliedVersion(db))) {
        migrate(db);
        migrated++;
      }
    }
    LOG.info("{} organization database(s) checked, {} migrated", registered.size(), migrated);
  }

  private String appliedVersion(String database) {
    try (Handle h = Jdbi.open(server.urlFor(database), server.connectionProperties())) {
      return Migrations.appliedVersion(h);
    } catch (JdbiException e) {
      throw PlatformException.database("cannot open tenant database " + database, e);
    }
  }

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
            admin.execute("select pg_advisory_lock(?)", TEMPLATE_LOCK);
            try {
              return work.withHandle(admin);
            } finally {
              admin.execute("select pg_advisory_unlock(?)", TEMPLATE_LOCK);
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
