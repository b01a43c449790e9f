package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.Keyrings;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Appends to audit chains. The log is fail-closed: {@link #change} commits an action and the entry
 * that records it in one transaction, and its answer says which happened. A change either returns
 * (committed) or throws (not committed); a caller that stops waiting after the append timeout gets
 * a 503 only while its work has not started, and then it never will.
 *
 * <p>Appends to one chain share commits (group commit, see {@link ChainBatch}); their work runs on
 * an audit writer thread in the caller's logging and trace context. Work must only use the handle
 * it is given and must not wait for anything but the database.
 */
@Singleton
public final class AuditLog {
  private final Databases databases;
  private final Keyrings keyrings;
  private final AuditConfig config;
  private final Checkpoints checkpoints;
  private final Clock clock;
  private final AuditMetrics metrics;
  private final ExecutorService executor;
  private final Map<String, ChainWriter> writers = new ConcurrentHashMap<>();

  AuditLog(
      Databases databases,
      Keyrings keyrings,
      AuditConfig config,
      Checkpoints checkpoints,
      Clock clock,
      AuditMetrics metrics) {
    this.databases = databases;
    this.keyrings = keyrings;
    this.config = config;
    this.checkpoints = checkpoints;
    this.clock = clock;
    this.metrics = metrics;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            config.writerThreads(),
            r -> {
              Thread t = new Thread(r, "palisade-audit-writer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Work to run in the same transaction as the entry that records it. */
  @FunctionalInterface
  public interface Change<T> {
    T run(Handle h);
  }

  /** Records an event that changes nothing else (a view, an export, a sign-in). */
  public AuditEntry record(Scope scope, AuditEvent event) {
    return submit(scope, null, r -> event).entry();
  }

  /**
   * Runs {@code work} and appends the event built from its result, in one transaction on the
   * scope's database. If either fails, neither is committed. Exceptions thrown by the work reach
   * the caller unchanged.
   */
  public <T> T change(Scope scope, Change<T> work, Function<T, AuditEvent> event) {
    return submit(scope, work, event).result();
  }

  private <T> Pending.Appended<T> submit(
      Scope scope, Change<T> work, Function<T, AuditEvent> event) {
    Pending<T> pending = new Pending<>(work, event, keyrings.current(scope));
    writers
        .computeIfAbsent(
            scope.id(),
            id ->
                new ChainWriter(
                    scope,
                    databases.of(scope),
                    executor,
                    config,
                    clock,
                    last -> checkpoints.onCommitted(scope, last)))
        .submit(pending);
    try {
      Pending.Appended<T> appended = await(pending);
      metrics.committed(scope, appended.entry());
      return appended;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "audit log unavailable", cause);
    }
  }

  /**
   * Waits up to the append timeout for a batch to take the append, then gives up on it if no batch
   * has; once taken, waits for the batch's outcome, which is bounded by the batch's own timeouts.
   */
  private <T> Pending.Appended<T> await(Pending<T> pending) throws ExecutionException {
    boolean interrupted = false;
    try {
      try {
        return pending.future.get(config.appendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (pending.abandon()) {
          throw new PlatformException(
              ErrorCode.DEPENDENCY_UNAVAILABLE, "audit log did not answer in time");
        }
      } catch (InterruptedException e) {
        interrupted = true;
        if (pending.abandon()) {
          throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted");
        }
      }
      while (true) {
        try {
          return pending.future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }
}
