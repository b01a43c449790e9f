package dev.palisade.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.palisade.telemetry.Spans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The install database: one pooled {@link DataSource}, migrated from {@code db/install} before
 * anything else runs. Created eagerly so that a database that cannot be reached or migrated fails
 * the boot with a clear message.
 */
@Context
public final class InstallDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InstallDatabase.class);
  static final String POOL_NAME = "install";

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final String latestMigration;

  public InstallDatabase(
      DatabaseServer server, DatabaseConfig config, MeterRegistry registry, Spans spans) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(POOL_NAME);
    hikari.setJdbcUrl(server.installUrl());
    hikari.setDataSourceProperties(server.connectionProperties());
    hikari.setMaximumPoolSize(config.installPoolSize());
    hikari.setMinimumIdle(1);
    // lets a function suspend the pool around a SnapStart snapshot (suspend(), resume())
    hikari.setAllowPoolSuspension(true);
    hikari.setConnectionTimeout(config.connectTimeout().toMillis());
    hikari.setValidationTimeout(Math.min(2_000, config.connectTimeout().toMillis()));
    hikari.setInitializationFailTimeout(config.connectTimeout().toMillis());
    hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    this.dataSource = new HikariDataSource(hikari);
    try {
      this.jdbi =
          JdbiConfig.configure(
              Jdbi.create(dataSource), spans, JdbcUrls.database(server.installUrl()));
      // Flyway only when something is pending: its scan and validation cost most of a second
      Optional<String> current = jdbi.withHandle(h -> Migrations.current(h, "db/install"));
      int applied = 0;
      if (current.isPresent()) {
        this.latestMigration = current.get();
      } else {
        Flyway flyway =
            Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/install")
                .loggers("slf4j")
                .load();
        applied = flyway.migrate().migrationsExecuted;
        this.latestMigration = Migrations.latestVersion(flyway);
      }
      LOG.info(
          "install database ready ({}), {} migration(s) applied, schema version {}",
          server.describe(),
          applied,
          latestMigration);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Statements and transactions on the install database; prefer {@link Databases}. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The newest migration version this build knows; the readiness probe compares against it. */
  public String latestMigration() {
    return latestMigration;
  }

  /**
   * Before a process snapshot: the pool lends no connection (a caller waits until {@link #resume})
   * and opens none, and its idle connections are closed; one in use is closed when it is returned.
   */
  public void suspend() {
    dataSource.getHikariPoolMXBean().suspendPool();
    dataSource.getHikariPoolMXBean().softEvictConnections();
  }

  /** After a restore: the pool opens and lends connections again. */
  public void resume() {
    dataSource.getHikariPoolMXBean().resumePool();
  }

  public int poolSize() {
    return dataSource.getMaximumPoolSize();
  }

  @PreDestroy
  @Override
  public void close() {
    dataSource.close();
  }
}
