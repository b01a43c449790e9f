package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most one run of a verification per chain at a time: the first caller runs it on its own
 * thread, and callers that arrive while it runs wait for its result instead of starting another.
 * Gauges {@code palisade.audit.verifications.running} (chains being verified) and {@code
 * palisade.audit.verification.callers} (callers waiting for one of those runs, the one running it
 * included). Thread-safe.
 */
final class SharedVerifications {
  private final Map<String, CompletableFuture<Verification>> running = new ConcurrentHashMap<>();
  private final AtomicInteger callers = new AtomicInteger();

  SharedVerifications(MeterRegistry registry) {
    Gauge.builder("palisade.audit.verifications.running", running, Map::size)
        .description("Audit chains being verified now")
        .register(registry);
    Gauge.builder("palisade.audit.verification.callers", callers, AtomicInteger::get)
        .description("Callers waiting for a running verification of an audit chain")
        .register(registry);
  }

  /** The result of the run of {@code chainId} in progress, or of a new one of {@code work}. */
  Verification verify(String chainId, Supplier<Verification> work) {
    CompletableFuture<Verification> mine = new CompletableFuture<>();
    CompletableFuture<Verification> run = running.computeIfAbsent(chainId, id -> mine);
    callers.incrementAndGet();
    try {
      if (run != mine) {
        return await(run);
      }
      try {
        Verification v = work.get();
        running.remove(chainId, mine);
        mine.complete(v);
        return v;
      } catch (RuntimeException | Error e) {
        running.remove(chainId, mine);
        mine.completeExceptionally(e);
        throw e;
      }
    } finally {
      callers.decrementAndGet();
    }
  }

  private static Verification await(CompletableFuture<Verification> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new PlatformException(ErrorCode.INTERNAL, "verification failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted");
    }
  }
}
