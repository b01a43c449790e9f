package dev.palisade.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds refusals before they are sent: {@code palisade.ratelimit.refusal-delay}, or less when the
 * bucket refills sooner, with at most {@code max-delayed-refusals} held at once. One timer thread
 * sends them; no request thread waits.
 */
@Singleton
@Requires(property = "palisade.ratelimit.enabled", notEquals = "false")
final class RefusalDelay {
  /** A filter's answer to let the request through. */
  static final CompletionStage<@Nullable HttpResponse<?>> PROCEED =
      CompletableFuture.completedFuture(null);

  private final long delayNanos;
  private final int maxHeld;
  private final AtomicInteger held = new AtomicInteger();
  private final Set<Held<?>> holding = ConcurrentHashMap.newKeySet();
  private final Counter delayed;
  private final Counter immediate;
  private final ScheduledExecutorService timer;

  RefusalDelay(RateLimitConfig config, MeterRegistry registry) {
    this.delayNanos = config.refusalDelay().toNanos();
    this.maxHeld = config.maxDelayedRefusals();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "palisade-ratelimit-delay");
              t.setDaemon(true);
              return t;
            });
    this.delayed =
        Counter.builder("palisade.rate.limit.refusals")
            .description("Refusals sent by the rate limiter, by whether they were held first")
            .tag("sent", "delayed")
            .register(registry);
    this.immediate =
        Counter.builder("palisade.rate.limit.refusals")
            .description("Refusals sent by the rate limiter, by whether they were held first")
            .tag("sent", "immediately")
            .register(registry);
    Gauge.builder("palisade.rate.limit.refusals.held", held, AtomicInteger::get)
        .description("Refusals being held before they are sent")
        .register(registry);
  }

  /** {@code refusal}, sent after the delay (or after {@code refillNanos} if that is sooner). */
  <T> CompletionStage<T> hold(T refusal, long refillNanos) {
    long nanos = Math.min(delayNanos, Math.max(0, refillNanos));
    if (nanos == 0 || !reserve()) {
      immediate.increment();
      return CompletableFuture.completedFuture(refusal);
    }
    Held<T> h = new Held<>(refusal);
    holding.add(h);
    try {
      timer.schedule(() -> send(h, delayed), nanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) { // the timer is shutting down
      send(h, immediate);
    }
    return h.answer;
  }

  /** A held refusal; compared by identity. */
  private static final class Held<T> {
    final T refusal;
    final CompletableFuture<T> answer = new CompletableFuture<>();

    Held(T refusal) {
      this.refusal = refusal;
    }
  }

  private void send(Held<?> h, Counter counter) {
    if (holding.remove(h)) {
      held.decrementAndGet();
      counter.increment();
      complete(h);
    }
  }

  private static <T> void complete(Held<T> h) {
    h.answer.complete(h.refusal);
  }

  private boolean reserve() {
    while (true) {
      int n = held.get();
      if (n >= maxHeld) {
        return false;
      }
      if (held.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Refusals still held are sent at once, so no client waits on a stopping server. */
  @PreDestroy
  void close() {
    timer.shutdownNow();
    for (Held<?> h : holding) {
      send(h, immediate);
    }
  }
}
