package dev.palisade.tenancy;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.telemetry.Spans;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to tenant databases: a small pool per database, filled lazily, under one cap on the
 * physical connections open across all of them (commons-pool2's keyed pool). When the cap is
 * reached, a database with no idle connection gets one by closing the oldest idle connections of
 * the others; when every connection is busy a caller waits up to the acquire timeout and then gets
 * 503. Idle connections are closed after the idle timeout. A connection idle for more than five
 * seconds is checked before it is handed out. Every new physical connection first checks that its
 * database belongs to this install (its {@code palisade_install} row, see {@link TenantDatabases}):
 * a database of another install is never used. Thread-safe.
 */
@Singleton
public final class TenantConnections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantConnections.class);
  private static final Duration VALIDATE_AFTER = Duration.ofSeconds(5);

  private final GenericKeyedObjectPool<String, Connection> pool;
  private final int cap;
  private final Spans spans;

  /** Open and in-use connection counts of one database's pool. */
  public record PoolStats(String database, int open, int inUse) {}

  /** Refuses a new physical connection to a database this install must not use. */
  interface Ownership {
    void check(String database, Connection connection) throws SQLException;
  }

  @Inject
  TenantConnections(
      DatabaseServer server,
      DatabaseConfig config,
      InstallDatabase install,
      InstallId owner,
      Spans spans) {
    this(
        server,
        config.tenantPoolSize(),
        config.tenantConnectionCap() != null ? config.tenantConnectionCap() : defaultCap(install),
        config.tenantIdleTimeout(),
        config.acquireTimeout(),
        ownedBy(owner.value()),
        spans);
  }

  TenantConnections(
      DatabaseServer server,
      int perDatabase,
      int cap,
      Duration idleTimeout,
      Duration acquire,
      Ownership ownership) {
    this(server, perDatabase, cap, idleTimeout, acquire, ownership, Spans.NOOP);
  }

  private TenantConnections(
      DatabaseServer server,
      int perDatabase,
      int cap,
      Duration idleTimeout,
      Duration acquire,
      Ownership ownership,
      Spans spans) {
    requireNonNull(server, "server is null");
    requireNonNull(ownership, "ownership is null");
    if (perDatabase < 1 || cap < 1) {
      throw new IllegalArgumentException("pool sizes must be positive");
    }
    GenericKeyedObjectPoolConfig<Connection> c = new GenericKeyedObjectPoolConfig<>();
    c.setMaxTotal(cap);
    c.setMaxTotalPerKey(perDatabase);
    c.setMaxIdlePerKey(perDatabase);
    c.setMinIdlePerKey(0);
    c.setBlockWhenExhausted(true);
    c.setMaxWait(acquire);
    c.setLifo(true);
    c.setTestOnBorrow(true);
    c.setMinEvictableIdleDuration(idleTimeout);
    c.setTimeBetweenEvictionRuns(Duration.ofMillis(Math.max(1_000, idleTimeout.toMillis() / 4)));
    c.setNumTestsPerEvictionRun(-1);
    c.setJmxEnabled(false);
    this.pool = new GenericKeyedObjectPool<>(new Factory(server, ownership), c);
    this.cap = cap;
    this.spans = spans;
  }

  /** Only databases whose owner row names {@code install}. */
  static Ownership ownedBy(UUID install) {
    return (database, connection) -> {
      UUID holder = null;
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("select install_id from palisade_install")) {
        if (rs.next()) {
          holder = rs.getObject(1, UUID.class);
        }
      } catch (SQLException e) {
        if (!"42P01".equals(e.getSQLState())) { // undefined_table: not marked at all
          throw e;
        }
      }
      if (!install.equals(holder)) {
        throw new PlatformException(
            ErrorCode.DEPENDENCY_UNAVAILABLE,
            "organization database " + database + " does not belong to this install");
      }
    };
  }

  /** 80% of the server's max_connections, less the install pool. */
  private static int defaultCap(InstallDatabase install) {
    int max =
        install
            .jdbi()
            .withHandle(h -> h.createQuery("show max_connections").mapTo(Integer.class).one());
    return Math.max(4, (int) (max * 0.8) - install.poolSize());
  }

  /** A connection to {@code database}; give it back with {@link #giveBack}. */
  public Connection borrow(String database) throws SQLException {
    requireNonNull(database, "database is null");
    try {
      return pool.borrowObject(database);
    } catch (NoSuchElementException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "no tenant database connection available");
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("cannot open a connection to a tenant database", e);
    }
  }

  /** Returns a connection: an open transaction is rolled back, a broken one is closed. */
  public void giveBack(String database, Connection connection) {
    try {
      pool.returnObject(database, connection);
    } catch (RuntimeException e) {
      LOG.debug("returning a tenant connection failed: {}", e.getClass().getSimpleName());
    }
  }

  /** Statements on {@code database} through this pool: a handle's connection is borrowed here. */
  public Jdbi jdbi(String database) {
    return JdbiConfig.configure(
        Jdbi.create(
            new ConnectionFactory() {
              @Override
              public Connection openConnection() throws SQLException {
                return borrow(database);
              }

              @Override
              public void closeConnection(Connection c) {
                giveBack(database, c);
              }
            }),
        spans,
        database);
  }

  /** Closes the idle connections of one database (before it is dropped). */
  public void closeDatabase(String database) {
    pool.clear(database);
  }

  /**
   * Closes every idle connection of every database (before a process snapshot, whose sockets would
   * be dead after a restore). Connections are opened again as they are needed.
   */
  public void closeIdle() {
    pool.clear();
  }

  public int openConnections() {
    return pool.getNumActive() + pool.getNumIdle();
  }

  /** Connections lent out now, across all tenant databases. */
  public int inUseConnections() {
    return pool.getNumActive();
  }

  public int cap() {
    return cap;
  }

  public List<PoolStats> stats() {
    List<PoolStats> out = new ArrayList<>();
    Map<String, Integer> active = pool.getNumActivePerKey();
    for (String db : pool.getKeys()) {
      int inUse = active.getOrDefault(db, 0);
      int open = inUse + pool.getNumIdle(db);
      if (open > 0) {
        out.add(new PoolStats(db, open, inUse));
      }
    }
    return out;
  }

  @PreDestroy
  @Override
  public void close() {
    pool.close();
  }

  /** Opens, checks and resets physical connections for the pool. */
  private static final class Factory extends BaseKeyedPooledObjectFactory<String, Connection> {
    private final DatabaseServer server;
    private final Ownership ownership;

    Factory(DatabaseServer server, Ownership ownership) {
      this.server = server;
      this.ownership = ownership;
    }

    @Override
    public Connection create(String database) throws SQLException {
      Connection c =
          DriverManager.getConnection(server.urlFor(database), server.connectionProperties());
      try {
        ownership.check(database, c);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      return c;
    }

    @Override
    public PooledObject<Connection> wrap(Connection connection) {
      return new DefaultPooledObject<>(connection);
    }

    @Override
    public boolean validateObject(String database, PooledObject<Connection> p) {
      if (p.getIdleDuration().compareTo(VALIDATE_AFTER) < 0) {
        return true;
      }
      try {
        return p.getObject().isValid(2);
      } catch (SQLException e) {
        return false;
      }
    }

    @Override
    public void passivateObject(String database, PooledObject<Connection> p) throws SQLException {
      Connection c = p.getObject();
      if (c.isClosed()) {
        throw new SQLException("connection is closed");
      }
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
      if (c.getNetworkTimeout() != 0) {
        c.setNetworkTimeout(Runnable::run, 0);
      }
    }

    @Override
    public void destroyObject(String database, PooledObject<Connection> p) {
      try {
        p.getObject().close();
      } catch (SQLException e) {
        LOG.debug("closing a tenant connection failed: {}", e.getClass().getSimpleName());
      }
    }
  }
}
