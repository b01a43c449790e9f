package dev.palisade.tenancy.embedded;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.DatabaseConfig;
import dev.palisade.tenancy.DatabaseServer;
import dev.palisade.tenancy.DriverProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first-run default: an embedded PostgreSQL 15 with its data under {@code
 * PALISADE_HOME/postgres}, listening on loopback only, used when {@code palisade.database.url} is
 * not set. The data directory survives restarts; the server stops with the application.
 */
@Singleton
@Requires(missingProperty = "palisade.database.url")
public final class EmbeddedDatabaseServer implements DatabaseServer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);
  static final String DATABASE = "palisade";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final DatabaseConfig config;

  public EmbeddedDatabaseServer(
      @Value("${palisade.home:./var}") String home, DatabaseConfig config) {
    this.config = config;
    Path data = Path.of(home).toAbsolutePath().normalize().resolve("postgres");
    this.postgres = cluster(data);
    createInstallDatabase();
    LOG.info(
        "embedded PostgreSQL 15 running on 127.0.0.1:{} with data in {}", postgres.getPort(), data);
  }

  /**
   * Starts the embedded cluster with its data in {@code data} (created when missing) and nothing
   * else: the {@code restore} command restores into it before the server first starts on it.
   */
  public static EmbeddedPostgres cluster(Path data) {
    try {
      return EmbeddedPostgres.builder()
          .setDataDirectory(data)
          .setCleanDataDirectory(false)
          .setPort(freePort())
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "200")
          .start();
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot start embedded PostgreSQL in " + data, e);
    }
  }

  /** The JDBC URL of the install database on an embedded cluster. */
  public static String installUrl(EmbeddedPostgres cluster) {
    return cluster.getJdbcUrl(USER, DATABASE);
  }

  private void createInstallDatabase() {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      st.execute("create database " + DATABASE);
    } catch (SQLException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot create the install database", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public String installUrl() {
    return installUrl(postgres);
  }

  @Override
  public Properties connectionProperties() {
    return DriverProperties.of(config, USER, null);
  }

  @Override
  public String describe() {
    return "embedded PostgreSQL on 127.0.0.1:" + postgres.getPort();
  }

  @PreDestroy
  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
