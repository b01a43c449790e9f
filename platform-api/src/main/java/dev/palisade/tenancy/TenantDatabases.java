package dev.palisade.tenancy;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant databases: the migrated template every organization database is copied from, creation and
 * migration of each organization's database, and the shared {@link TenantConnectionPool}.
 *
 * <p>At start-up the template and every registered organization database are brought to the newest
 * {@code db/tenant} migration; a database already current is only checked, not migrated.
 */
@Context
public final class TenantDatabases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantDatabases.class);
  private static final long TEMPLATE_LOCK = 0x70616c6973616465L; // "palisade"

  private final DatabaseServer server;
  private final InstallDatabase install;
  private final String prefix;
  private final String templateName;
  private final String latestVersion;
  private final TenantConnectionPool pool;

  public TenantDatabases(DatabaseServer server, InstallDatabase install, DatabaseConfig config) {
    this.server = requireNonNull(server, "server is null");
    this.install = requireNonNull(install, "install is null");
    this.prefix = config.tenantPrefix();
    this.templateName = prefix + "_template";
    int cap = config.tenantConnectionCap() != null ? config.tenantConnectionCap() : defaultCap();
    this.pool =
        new TenantConnectionPool(
            server,
            config.tenantPoolSize(),
            cap,
            config.tenantIdleTimeout().toMillis(),
            config.acquireTimeout().toMillis());
    this.latestVersion = prepareTemplate();
    migrateRegistered();
    LOG.info("tenant databases ready: template {}, connection cap {}", templateName, cap);
  }

  /** Default cap: 80% of the server's max_connections, less the install pool. */
  private int defaultCap() {
    try (Connection c = install.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("show max_connections")) {
      rs.next();
      int max = Integer.parseInt(rs.getString(1));
      return Math.max(4, (int) (max * 0.8) - install.poolSize());
    } catch (SQLException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot read max_connections", e);
    }
  }

  public String databaseNameFor(String slug) {
    return prefix + slug.replace('-', '_');
  }

  public TenantConnectionPool pool() {
    return pool;
  }

  /** A pooled connection to the database of one organization. */
  public Connection connection(Organization org) throws SQLException {
    return pool.acquire(org.databaseName());
  }

  /** Creates {@code database} as a copy of the migrated template. Not transactional. */
  public void create(String database) {
    withTemplateLock(
        admin -> {
          try (Statement st = admin.createStatement()) {
            st.execute("create database " + quote(database) + " template " + quote(templateName));
          }
          return null;
        });
  }

  /** Drops a database created by {@link #create}; used to undo a failed provisioning. */
  public void drop(String database) {
    pool.closeDatabase(database);
    try (Connection admin = install.connection();
        Statement st = admin.createStatement()) {
      st.execute("drop database if exists " + quote(database) + " with (force)");
    } catch (SQLException e) {
      LOG.error("could not drop database {}: {}", database, e.getMessage());
    }
  }

  private String prepareTemplate() {
    return withTemplateLock(
        admin -> {
          boolean exists;
          try (var ps = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
            ps.setString(1, templateName);
            try (ResultSet rs = ps.executeQuery()) {
              exists = rs.next();
            }
          }
          if (!exists) {
            try (Statement st = admin.createStatement()) {
              st.execute("create database " + quote(templateName));
            }
          }
          return migrate(templateName);
        });
  }

  private void migrateRegistered() {
    List<String> databases;
    try (Connection c = install.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select database_name from organizations order by slug")) {
      databases = new java.util.ArrayList<>();
      while (rs.next()) {
        databases.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot list organizations", e);
    }
    int migrated = 0;
    for (String db : databases) {
      if (!latestVersion.equals(appliedVersion(db))) {
        migrate(db);
        migrated++;
      }
    }
    LOG.info("{} organization database(s) checked, {} migrated", databases.size(), migrated);
  }

  private String appliedVersion(String database) {
    try (Connection c = DriverManager.getConnection(server.urlFor(database), props())) {
      return Migrations.appliedVersion(c);
    } catch (SQLException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot open tenant database " + database, e);
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

  private java.util.Properties props() {
    return server.connectionProperties();
  }

  private String user() {
    return props().getProperty("user");
  }

  private String password() {
    return props().getProperty("password");
  }

  private interface AdminWork<T> {
    T run(Connection admin) throws SQLException;
  }

  /**
   * Runs work that reads or copies the template under a cluster-wide advisory lock, so that no
   * instance migrates the template while another copies it.
   */
  private <T> T withTemplateLock(AdminWork<T> work) {
    try (Connection admin = install.connection()) {
      try (Statement st = admin.createStatement()) {
        st.execute("select pg_advisory_lock(" + TEMPLATE_LOCK + ")");
      }
      try {
        return work.run(admin);
      } finally {
        try (Statement st = admin.createStatement()) {
          st.execute("select pg_advisory_unlock(" + TEMPLATE_LOCK + ")");
        }
      }
    } catch (SQLException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE,
          "tenant database operation failed: " + e.getSQLState(),
          e);
    }
  }

  static String quote(String identifier) {
    if (!identifier.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("unsafe database name");
    }
    return '"' + identifier + '"';
  }

  @Scheduled(fixedDelay = "${palisade.database.tenant-evict-interval:15s}")
  void evictIdle() {
    pool.evictIdle();
  }

  @PreDestroy
  @Override
  public void close() {
    pool.close();
  }
}
