package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the password hashes computed at once, so that requests nobody has authenticated cannot
 * take every processor: at most {@code permits} run, at most {@code queue} more wait (in arrival
 * order, each at most {@code queueWait}), and the rest are refused at once with {@link
 * ErrorCode#BUSY} and a {@code Retry-After}. Thread-safe.
 */
final class HashingLimit {
  private final Semaphore running;
  private final int queue;
  private final Duration queueWait;
  private final Duration retryAfter;
  private final Runnable onRefusal;
  private final AtomicInteger waiting = new AtomicInteger();

  HashingLimit(
      int permits, int queue, Duration queueWait, Duration retryAfter, Runnable onRefusal) {
    this.running = new Semaphore(permits, true);
    this.queue = queue;
    this.queueWait = queueWait;
    this.retryAfter = retryAfter;
    this.onRefusal = onRefusal;
  }

  HashingLimit(HashingConfig config, Runnable onRefusal) {
    this(config.permits(), config.queue(), config.queueWait(), config.retryAfter(), onRefusal);
  }

  /** No bound, for tools and tests that hash outside a server. */
  static HashingLimit unbounded() {
    return new HashingLimit(Integer.MAX_VALUE, 0, Duration.ZERO, Duration.ofSeconds(1), () -> {});
  }

  <T> T run(Supplier<T> hash) {
    if (!free()) {
      await();
    }
    try {
      return hash.get();
    } finally {
      running.release();
    }
  }

  /** A free slot, taken only if nobody is waiting for one (no barging past the queue). */
  private boolean free() {
    try {
      return running.tryAcquire(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy();
    }
  }

  private void await() {
    if (waiting.incrementAndGet() > queue) {
      waiting.decrementAndGet();
      throw busy();
    }
    boolean acquired = false;
    try {
      acquired = running.tryAcquire(queueWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.decrementAndGet();
    }
    if (!acquired) {
      throw busy();
    }
  }

  private PlatformException busy() {
    onRefusal.run();
    return PlatformException.retryAfter(
        ErrorCode.BUSY, "too many sign-ins in progress; try again shortly", retryAfter);
  }
}
