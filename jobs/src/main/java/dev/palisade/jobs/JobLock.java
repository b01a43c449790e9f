package dev.palisade.jobs;

import com.zaxxer.hikari.HikariDataSource;
import dev.palisade.tenancy.InstallDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
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
  private final Connection connection;
  private final String job;

  private JobLock(InstallDatabase install, Connection connection, String job) {
    this.install = install;
    this.connection = connection;
    this.job = job;
  }

  /** The lock, or empty if another run holds it. */
  static Optional<JobLock> tryAcquire(InstallDatabase install, String job) throws SQLException {
    Connection c = install.connection();
    try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
      ps.setInt(1, NAMESPACE);
      ps.setString(2, job);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          return Optional.of(new JobLock(install, c, job));
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    c.close();
    return Optional.empty();
  }

  /** The connection holding the lock, for the run's own bookkeeping. */
  Connection connection() {
    return connection;
  }

  @Override
  public void close() {
    try (PreparedStatement ps =
        connection.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
      ps.setInt(1, NAMESPACE);
      ps.setString(2, job);
      ps.execute();
      connection.close();
    } catch (SQLException e) {
      // A pooled session must not keep the lock: drop the physical connection, which ends the
      // session and so releases the lock.
      LOG.warn("could not release the lock of job {} (SQLSTATE {})", job, e.getSQLState());
      if (install.dataSource() instanceof HikariDataSource hikari) {
        hikari.evictConnection(connection);
      }
    }
  }
}
