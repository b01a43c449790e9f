package dev.palisade.backup;

import com.zaxxer.hikari.HikariDataSource;
import dev.palisade.tenancy.InstallDatabase;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * A session-level advisory lock on the install database, held on its own connection for as long as
 * a backup (key 1) or a restore validation (key 2) runs, whichever instance or trigger started it.
 * If the holder's connection dies, PostgreSQL releases it.
 */
final class BackupLock implements AutoCloseable {
  static final int NAMESPACE = 0x50414c42;
  static final int BACKUP = 1;
  static final int VALIDATION = 2;

  private final InstallDatabase install;
  private final Handle handle;
  private final int key;

  private BackupLock(InstallDatabase install, Handle handle, int key) {
    this.install = install;
    this.handle = handle;
    this.key = key;
  }

  static Optional<BackupLock> tryAcquire(InstallDatabase install, int key) {
    Handle h = install.jdbi().open();
    try {
      boolean locked =
          h.createQuery("select pg_try_advisory_lock(:ns, :key)")
              .bind("ns", NAMESPACE)
              .bind("key", key)
              .mapTo(Boolean.class)
              .one();
      if (locked) {
        return Optional.of(new BackupLock(install, h, key));
      }
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
    h.close();
    return Optional.empty();
  }

  @Override
  public void close() {
    try {
      handle
          .createQuery("select pg_advisory_unlock(:ns, :key)")
          .bind("ns", NAMESPACE)
          .bind("key", key)
          .mapTo(Boolean.class)
          .one();
      handle.close();
    } catch (JdbiException e) {
      if (install.dataSource() instanceof HikariDataSource hikari) {
        hikari.evictConnection(handle.getConnection());
      }
    }
  }
}
