package dev.palisade.tenancy;

import com.zaxxer.hikari.HikariDataSource;
import dev.palisade.errors.PlatformException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session-level PostgreSQL advisory lock on the install database, keyed by a namespace and a name
 * ({@code pg_try_advisory_lock(namespace, hashtext(name))}), held on its own connection until
 * closed. Every instance and every trigger goes through the same key, so what it guards never runs
 * twice at once; if the holder's connection dies, PostgreSQL releases the lock.
 */
public final class AdvisoryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLock.class);

  private final InstallDatabase install;
  private final Handle handle;
  private final int namespace;
  private final String name;

  private AdvisoryLock(InstallDatabase install, Handle handle, int namespace, String name) {
    this.install = install;
    this.handle = handle;
    this.namespace = namespace;
    this.name = name;
  }

  /** The lock, or empty if another session holds it. */
  public static Optional<AdvisoryLock> tryAcquire(
      InstallDatabase install, int namespace, String name) {
    Handle h = install.jdbi().open();
    try {
      boolean locked =
          h.createQuery("select pg_try_advisory_lock(:ns, hashtext(:name))")
              .bind("ns", namespace)
              .bind("name", name)
              .mapTo(Boolean.class)
              .one();
      if (locked) {
        return Optional.of(new AdvisoryLock(install, h, namespace, name));
      }
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
    h.close();
    return Optional.empty();
  }

  /** The handle holding the lock, for the holder's own bookkeeping. */
  public Handle handle() {
    return handle;
  }

  @Override
  public void close() {
    try {
      handle
          .createQuery("select pg_advisory_unlock(:ns, hashtext(:name))")
          .bind("ns", namespace)
          .bind("name", name)
          .mapTo(Boolean.class)
          .one();
      handle.close();
    } catch (JdbiException e) {
      // A pooled session must not keep the lock: drop the physical connection, which ends the
      // session and so releases the lock.
      LOG.warn("could not release the lock {} (SQLSTATE {})", name, PlatformException.sqlState(e));
      if (install.dataSource() instanceof HikariDataSource hikari) {
        hikari.evictConnection(handle.getConnection());
      }
    }
  }
}
