package dev.palisade.audit;

import dev.palisade.tenancy.DatabaseConfig;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many exports may run at once: {@code palisade.audit.exports-per-organization} per chain, but
 * never more than one less than the connections of one organization database ({@code
 * palisade.database.tenant-pool-size}), so that exports reading a page each at the same moment
 * still leave a connection to everything else; and {@code palisade.audit.exports} in total. A slot
 * is taken without waiting or refused with {@link ExportsBusy}. Thread-safe.
 */
@Singleton
final class ExportSlots {
  private final int perChain;
  private final Semaphore total;
  private final Map<String, Semaphore> chains = new ConcurrentHashMap<>();

  ExportSlots(AuditConfig config, DatabaseConfig databases) {
    this.perChain =
        Math.max(1, Math.min(config.exportsPerOrganization(), databases.tenantPoolSize() - 1));
    this.total = new Semaphore(config.exports());
  }

  /** A running export's slot; closing it gives it back (once, however often it is closed). */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** A slot for one export of {@code chainId}. */
  Slot take(String chainId) {
    Semaphore chain = chains.computeIfAbsent(chainId, id -> new Semaphore(perChain));
    if (!chain.tryAcquire()) {
      throw new ExportsBusy(
          "as many exports of this audit log as allowed are running; try again later");
    }
    if (!total.tryAcquire()) {
      chain.release();
      throw new ExportsBusy("as many audit exports as allowed are running; try again later");
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        total.release();
        chain.release();
      }
    };
  }

  int perChain() {
    return perChain;
  }
}
