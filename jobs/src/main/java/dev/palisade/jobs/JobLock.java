package dev.palisade.jobs;

import com.zaxxer.hikari.HikariDataSource;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session-level PostgreSQL advisory lock on the install database, one per job name, held on its
 * own connection for the whole run. Every instance and every trigger goes through it, so one job
 * never runs twice at once; if the holder's connection dies, PostgreSQL releases the lock.
 */
final class JobLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobLock.class);

  /** First key of the two-key lock form, so job locks do not collide with other advisory locks. */
  static final int NAMESPACE = 0x50414c4a;

  private final InstallDatabase install;
  private final Handle handle;
  private final String job;

  private JobLock(InstallDatabase install, Handle handle, String job) {
    this.install = install;
    this.handle = handle;
    this.job = job;
  }

  /** The lock, or empty if another run holds it. */
  static Optional<JobLock> tryAcquire(InstallDatabase install, String job) {
    Handle h = install.jdbi().open();
    try {
      boolean locked =
          h.createQuery("select pg_try_advisory_lock(:ns, hashtext(:job))")
              .bind("ns", NAMESPACE)
              .bind("job", job)
              .mapTo(Boolean.class)
              .one();
      if (locked) {
        return Optional.of(new JobLock(install, h, job));
      }
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
    h.close();
    return Optional.empty();
  }

  /** The handle holding the lock, for the run's own bookkeeping. */
  Handle handle() {
    return handle;
  }

  @Override
  public void close() {
    try {
      handle
          .createQuery("select pg_advisory_unlock(:ns, hashtext(:job))")
          .bind("ns", NAMESPACE)
          .bind("job", job)
          .mapTo(Boolean.class)
          .one();
      handle.close();
    } catch (JdbiException e) {
      // A pooled session must not keep the lock: drop the physical connection, which ends the
      // session and so releases the lock.
      LOG.warn(
          "could not release the lock of job {} (SQLSTATE {})", job, PlatformException.sqlState(e));
      if (install.dataSource() instanceof HikariDataSource hikari) {
        hikari.evictConnection(handle.getConnection());
      }
    }
  }
}
