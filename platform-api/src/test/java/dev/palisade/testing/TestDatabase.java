package dev.palisade.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh install database and tenant prefix on a real PostgreSQL, for one test class.
 *
 * <p>The server is {@code PALISADE_TEST_DATABASE_URL} when set (a JDBC URL of a database whose role
 * may create databases), else the one on 127.0.0.1:5432 when it answers, else an embedded
 * PostgreSQL 15 shared by the JVM. {@link #close()} drops everything this instance created.
 */
public final class TestDatabase implements AutoCloseable {
  private static EmbeddedPostgres embedded;

  private final String adminUrl;
  private final String name;
  private final String tenantPrefix;

  private TestDatabase(String adminUrl) throws SQLException {
    this.adminUrl = adminUrl;
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    this.name = "pt_" + id;
    this.tenantPrefix = "pt_" + id + "_org_";
    execute("create database " + name);
  }

  public static TestDatabase create() {
    try {
      return new TestDatabase(serverUrl());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
  }

  static synchronized String serverUrl() {
    String configured = System.getenv("PALISADE_TEST_DATABASE_URL");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (answers("127.0.0.1", 5432)) {
      return "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    }
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("no PostgreSQL for tests", e);
      }
    }
    return embedded.getJdbcUrl("postgres", "postgres");
  }

  private static boolean answers(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** JDBC URL of this test's install database. */
  public String url() {
    return adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
  }

  /** JDBC URL of another database on the same server. */
  public String urlOf(String database) {
    return adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
  }

  public String name() {
    return name;
  }

  public String tenantPrefix() {
    return tenantPrefix;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(urlOf(database));
  }

  /** Databases on the server whose name starts with this test's tenant prefix. */
  public List<String> tenantDatabases() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select datname from pg_database where datname like '"
                    + tenantPrefix
                    + "%' order by 1")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  public long count(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A count from another database on the same server (an organization's). */
  public long countIn(String database, String sql) throws SQLException {
    try (Connection c = connect(database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    for (String db : tenantDatabases()) {
      execute("drop database if exists \"" + db + "\" with (force)");
    }
    execute("drop database if exists " + name + " with (force)");
  }
}
