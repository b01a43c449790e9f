package dev.palisade.tenancy;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to tenant databases: one small lazily-filled pool per database, with one cap on the
 * physical connections open across all of them.
 *
 * <p>When the cap is reached, a request for a database with no idle connection closes the
 * least-recently used idle connection of another database; when every connection is in use it waits
 * up to the acquire timeout and then fails with 503. Idle connections are closed after the idle
 * timeout by {@link #evictIdle()}. Thread-safe; all bookkeeping is guarded by {@code this}.
 */
public final class TenantConnectionPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantConnectionPool.class);
  private static final long VALIDATE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final DatabaseServer server;
  private final int perDatabase;
  private final int cap;
  private final long idleTimeoutNanos;
  private final long acquireTimeoutNanos;
  private final Map<String, Deque<Idle>> idle = new HashMap<>();
  private final Map<String, Integer> openPerDatabase = new HashMap<>();
  private final Map<String, Integer> inUsePerDatabase = new HashMap<>();
  private int open;
  private boolean closed;

  private record Idle(Connection connection, long since) {}

  /** Open and in-use connection counts of one database's pool. */
  public record PoolStats(String database, int open, int inUse) {}

  public TenantConnectionPool(
      DatabaseServer server, int perDatabase, int cap, long idleTimeoutMillis, long acquireMillis) {
    this.server = requireNonNull(server, "server is null");
    if (perDatabase < 1 || cap < 1) {
      throw new IllegalArgumentException("pool sizes must be positive");
    }
    this.perDatabase = perDatabase;
    this.cap = cap;
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    this.acquireTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(acquireMillis);
  }

  /** A connection to {@code database}; closing it returns it to the pool. */
  public Connection acquire(String database) throws SQLException {
    requireNonNull(database, "database is null");
    long deadline = System.nanoTime() + acquireTimeoutNanos;
    List<Connection> toClose = new ArrayList<>();
    Connection reused = null;
    synchronized (this) {
      while (true) {
        if (closed) {
          throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "shutting down");
        }
        Deque<Idle> mine = idle.get(database);
        if (mine != null && !mine.isEmpty()) {
          Idle candidate = mine.pollLast();
          if (System.nanoTime() - candidate.since() < VALIDATE_AFTER_NANOS) {
            markInUse(database, 1);
            return wrap(database, candidate.connection());
          }
          reused = candidate.connection();
          markInUse(database, 1);
          break;
        }
        int openHere = openPerDatabase.getOrDefault(database, 0);
        if (openHere < perDatabase) {
          if (open >= cap) {
            Connection victim = evictOldestIdleOfOthers(database);
            if (victim != null) {
              toClose.add(victim);
            }
          }
          if (open < cap) {
            open++;
            openPerDatabase.merge(database, 1, Integer::sum);
            markInUse(database, 1);
            break;
          }
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new PlatformException(
              ErrorCode.DEPENDENCY_UNAVAILABLE, "no tenant database connection available");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted");
        }
      }
    }
    toClose.forEach(TenantConnectionPool::closeQuietly);
    if (reused != null) {
      if (reused.isValid(2)) {
        return wrap(database, reused);
      }
      discard(database, reused);
      return acquire(database);
    }
    try {
      Connection physical = DriverManager.getConnection(server.urlFor(database), properties());
      return wrap(database, physical);
    } catch (SQLException | RuntimeException e) {
      synchronized (this) {
        open--;
        openPerDatabase.merge(database, -1, Integer::sum);
        markInUse(database, -1);
        notifyAll();
      }
      throw e;
    }
  }

  private Properties properties() {
    return server.connectionProperties();
  }

  private void markInUse(String database, int delta) {
    inUsePerDatabase.merge(database, delta, Integer::sum);
  }

  private Connection evictOldestIdleOfOthers(String database) {
    String victimDb = null;
    long oldest = Long.MAX_VALUE;
    for (Map.Entry<String, Deque<Idle>> e : idle.entrySet()) {
      if (!e.getKey().equals(database) && !e.getValue().isEmpty()) {
        long since = e.getValue().peekFirst().since();
        if (since < oldest) {
          oldest = since;
          victimDb = e.getKey();
        }
      }
    }
    if (victimDb == null) {
      return null;
    }
    Idle victim = idle.get(victimDb).pollFirst();
    open--;
    openPerDatabase.merge(victimDb, -1, Integer::sum);
    return victim.connection();
  }

  private synchronized void release(String database, Connection physical, boolean broken) {
    markInUse(database, -1);
    if (broken || closed) {
      open--;
      openPerDatabase.merge(database, -1, Integer::sum);
      closeQuietly(physical);
    } else {
      idle.computeIfAbsent(database, k -> new ArrayDeque<>())
          .addLast(new Idle(physical, System.nanoTime()));
    }
    notifyAll();
  }

  private void discard(String database, Connection physical) {
    release(database, physical, true);
  }

  /** Closes connections idle longer than the idle timeout; called by a background task. */
  public void evictIdle() {
    List<Connection> toClose = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      for (Map.Entry<String, Deque<Idle>> e : idle.entrySet()) {
        Deque<Idle> q = e.getValue();
        while (!q.isEmpty() && now - q.peekFirst().since() > idleTimeoutNanos) {
          toClose.add(q.pollFirst().connection());
          open--;
          openPerDatabase.merge(e.getKey(), -1, Integer::sum);
        }
      }
      idle.values().removeIf(Deque::isEmpty);
      openPerDatabase.values().removeIf(n -> n == 0);
      inUsePerDatabase.values().removeIf(n -> n == 0);
      notifyAll();
    }
    toClose.forEach(TenantConnectionPool::closeQuietly);
  }

  /** Closes the idle connections of one database (before it is dropped or renamed). */
  public void closeDatabase(String database) {
    List<Connection> toClose = new ArrayList<>();
    synchronized (this) {
      Deque<Idle> q = idle.remove(database);
      if (q != null) {
        q.forEach(i -> toClose.add(i.connection()));
        open -= q.size();
        openPerDatabase.merge(database, -q.size(), Integer::sum);
      }
      notifyAll();
    }
    toClose.forEach(TenantConnectionPool::closeQuietly);
  }

  public synchronized int openConnections() {
    return open;
  }

  public int cap() {
    return cap;
  }

  public synchronized List<PoolStats> stats() {
    List<PoolStats> out = new ArrayList<>();
    openPerDatabase.forEach(
        (db, n) -> out.add(new PoolStats(db, n, inUsePerDatabase.getOrDefault(db, 0))));
    return out;
  }

  @Override
  public void close() {
    List<Connection> toClose = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(q -> q.forEach(i -> toClose.add(i.connection())));
      open -= toClose.size();
      idle.clear();
      notifyAll();
    }
    toClose.forEach(TenantConnectionPool::closeQuietly);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a tenant connection failed: {}", e.getClass().getSimpleName());
    }
  }

  private Connection wrap(String database, Connection physical) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Lease(database, physical));
  }

  /** The handle given to callers: {@code close()} returns the physical connection. */
  private final class Lease implements InvocationHandler {
    private final String database;
    private final Connection physical;
    private boolean returned;

    Lease(String database, Connection physical) {
      this.database = database;
      this.physical = physical;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close":
          giveBack();
          return null;
        case "isClosed":
          return returned || physical.isClosed();
        case "unwrap":
        case "isWrapperFor":
          break;
        default:
          if (returned) {
            throw new SQLException("connection already returned to the pool");
          }
      }
      try {
        return method.invoke(physical, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private void giveBack() {
      if (returned) {
        return;
      }
      returned = true;
      boolean broken;
      try {
        if (!physical.getAutoCommit()) {
          physical.rollback();
          physical.setAutoCommit(true);
        }
        broken = physical.isClosed();
      } catch (SQLException e) {
        broken = true;
      }
      release(database, physical, broken);
    }
  }
}
