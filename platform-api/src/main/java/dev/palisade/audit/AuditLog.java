package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.Keyrings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Appends to audit chains. The log is fail-closed: an append that cannot be committed fails the
 * action it records, and {@link #change} commits the action and its entry in one transaction.
 * Appends to one chain are serialized; concurrent appends share one commit.
 */
@Singleton
public final class AuditLog {
  private final ChainDatabases databases;
  private final Keyrings keyrings;
  private final AuditConfig config;
  private final Checkpoints checkpoints;
  private final ExecutorService executor;
  private final Map<String, ChainWriter> writers = new ConcurrentHashMap<>();

  AuditLog(
      ChainDatabases databases, Keyrings keyrings, AuditConfig config, Checkpoints checkpoints) {
    this.databases = databases;
    this.keyrings = keyrings;
    this.config = config;
    this.checkpoints = checkpoints;
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
  public interface Change<T> extends Pending.Work<T> {}

  /** Records an event that changes nothing else (a view, an export, a sign-in). */
  public AuditEntry record(AuditChain chain, AuditEvent event) {
    return submit(chain, null, r -> event).entry();
  }

  /**
   * Runs {@code work} and appends the event built from its result, in one transaction on the
   * chain's database. If either fails, neither is committed. Exceptions thrown by the work reach
   * the caller unchanged.
   */
  public <T> T change(AuditChain chain, Change<T> work, Function<T, AuditEvent> event) {
    return submit(chain, work, event).result();
  }

  private <T> Pending.Appended<T> submit(
      AuditChain chain, Pending.Work<T> work, Function<T, AuditEvent> event) {
    Keyrings.ActiveKey key = keyrings.current(chain.id(), databases.of(chain));
    Pending<T> pending = new Pending<>(work, event, key);
    writers
        .computeIfAbsent(
            chain.id(),
            id ->
                new ChainWriter(
                    chain, databases, executor, config.maxBatch(), checkpoints::onCommitted))
        .submit(pending);
    try {
      return pending.future.get(config.appendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PlatformException pe) {
        throw pe;
      }
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "audit log unavailable", cause);
    } catch (TimeoutException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "audit log did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted");
    }
  }

  /** Associated data of sealed metadata: the entry's identity. */
  static byte[] aad(String chainId, UUID entryId) {
    return (chainId + "|" + entryId).getBytes(StandardCharsets.UTF_8);
  }

  @PreDestroy
  void stop() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }
}
