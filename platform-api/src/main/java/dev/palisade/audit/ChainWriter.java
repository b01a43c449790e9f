package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Scope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one chain. Appends queue up; one {@link ChainBatch} at a time locks the chain head,
 * takes up to a batch of them, and commits them in one transaction (group commit), so throughput is
 * not one commit per entry and appends from several instances queue on the head's row lock in the
 * database.
 */
final class ChainWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);

  final Scope scope;
  final Jdbi jdbi;
  final AuditConfig config;
  final Clock clock;
  final Consumer<AuditEntry> committed;
  private final Executor executor;
  private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  ChainWriter(
      Scope scope,
      Jdbi jdbi,
      Executor executor,
      AuditConfig config,
      Clock clock,
      Consumer<AuditEntry> committed) {
    this.scope = scope;
    this.jdbi = jdbi;
    this.executor = executor;
    this.config = config;
    this.clock = clock;
    this.committed = committed;
  }

  void submit(Pending<?> pending) {
    queue.add(pending);
    schedule();
  }

  private void schedule() {
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      new ChainBatch(this).run();
    } catch (RuntimeException | Error e) {
      // A batch settles every append it took; this only keeps the writer alive.
      LOG.error("audit writer of chain {} failed: {}", scope.id(), e.toString());
    } finally {
      draining.set(false);
      schedule();
    }
  }

  /** Takes up to a batch of queued appends, leaving out those whose callers gave up. */
  List<Pending<?>> take() {
    List<Pending<?>> batch = new ArrayList<>();
    Pending<?> p;
    while (batch.size() < config.maxBatch() && (p = queue.poll()) != null) {
      if (p.take()) {
        batch.add(p);
      }
    }
    return batch;
  }

  /** Fails every queued append: none of them has run, so nothing of theirs is committed. */
  void failQueued(RuntimeException cause) {
    PlatformException failure = unavailable(cause);
    Pending<?> p;
    while ((p = queue.poll()) != null) {
      if (p.take()) {
        p.future.completeExceptionally(failure);
      }
    }
  }

  static PlatformException unavailable(RuntimeException e) {
    if (e instanceof PlatformException pe && pe.errorCode() != ErrorCode.INTERNAL) {
      return pe;
    }
    return new PlatformException(
        ErrorCode.DEPENDENCY_UNAVAILABLE,
        "audit log unavailable (" + PlatformException.sqlState(e) + ")",
        e);
  }
}
