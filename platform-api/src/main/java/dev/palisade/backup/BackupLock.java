package dev.palisade.backup;

import dev.palisade.tenancy.AdvisoryLock;
import dev.palisade.tenancy.InstallDatabase;
import java.util.Optional;

/**
 * The advisory lock held for as long as a backup ({@link #BACKUP}) or a restore validation ({@link
 * #VALIDATION}) runs, whichever instance or trigger started it.
 */
final class BackupLock implements AutoCloseable {
  static final int NAMESPACE = 0x50414c42;
  static final String BACKUP = "backup";
  static final String VALIDATION = "restore-validation";

  private final AdvisoryLock lock;

  private BackupLock(AdvisoryLock lock) {
    this.lock = lock;
  }

  static Optional<BackupLock> tryAcquire(InstallDatabase install, String name) {
    return AdvisoryLock.tryAcquire(install, NAMESPACE, name).map(BackupLock::new);
  }

  @Override
  public void close() {
    lock.close();
  }
}
