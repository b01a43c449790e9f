package dev.palisade.jobs;

import dev.palisade.tenancy.AdvisoryLock;
import dev.palisade.tenancy.InstallDatabase;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The advisory lock of one job name, held on its own connection for the whole run. Every instance
 * and every trigger goes through it, so one job never runs twice at once.
 */
final class JobLock implements AutoCloseable {
  /** First key of the two-key lock form, so job locks do not collide with other advisory locks. */
  static final int NAMESPACE = 0x50414c4a;

  private final AdvisoryLock lock;

  private JobLock(AdvisoryLock lock) {
    this.lock = lock;
  }

  /** The lock, or empty if another run holds it. */
  static Optional<JobLock> tryAcquire(InstallDatabase install, String job) {
    return AdvisoryLock.tryAcquire(install, NAMESPACE, job).map(JobLock::new);
  }

  /** The handle holding the lock, for the run's own bookkeeping. */
  Handle handle() {
    return lock.handle();
  }

  @Override
  public void close() {
    lock.close();
  }
}
