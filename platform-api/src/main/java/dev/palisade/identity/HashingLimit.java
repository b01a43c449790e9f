package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Bounds the password hashes computed at once, so that requests nobody has authenticated cannot
 * take every processor: at most {@code permits} run, at most {@code queue} more wait (in arrival
 * order, each at most {@code queueWait}), and the rest are refused at once with {@link
 * ErrorCode#BUSY} and a {@code Retry-After}. Thread-safe.
 *
 * <p>Two lanes, each with a queue of its own: a hash run inside {@link #quietClient} (a sign-in
 * from a client that has made few attempts lately, see {@link HashingPriority}) waits only behind
 * other such hashes, and a freed slot goes to it first. A flood that keeps the ordinary queue full
 * then no longer keeps people out; a flood from addresses that each look new (a botnet larger than
 * the per-address limits) shares the quiet lane and is bounded by it the same way.
 */
final class HashingLimit {
  private final int permits;
  private final int queue;
  private final Duration queueWait;
  private final Duration retryAfter;
  private final Runnable onRefusal;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Waiter> quiet = new ArrayDeque<>();
  private final Deque<Waiter> ordinary = new ArrayDeque<>();
  private int running;

  /**
   * One queued hash; {@code granted} is set, under the lock, by the release that hands it a slot.
   */
  private static final class Waiter {
    final Condition turn;
    boolean granted;

    Waiter(Condition turn) {
      this.turn = turn;
    }
  }

  HashingLimit(
      int permits, int queue, Duration queueWait, Duration retryAfter, Runnable onRefusal) {
    this.permits = permits;
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
    acquire(HashingPriority.quiet());
    try {
      return hash.get();
    } finally {
      release();
    }
  }

  private void acquire(boolean quietClient) {
    Deque<Waiter> lane = quietClient ? quiet : ordinary;
    Waiter w;
    lock.lock();
    try {
      // A free slot, taken only if nobody this hash must not overtake is waiting for one.
      if (running < permits && quiet.isEmpty() && (quietClient || ordinary.isEmpty())) {
        running++;
        return;
      }
      if (lane.size() >= queue) {
        throw busy();
      }
      w = new Waiter(lock.newCondition());
      lane.addLast(w);
      long nanos = queueWait.toNanos();
      try {
        while (!w.granted && nanos > 0) {
          nanos = w.turn.awaitNanos(nanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (w.granted) {
        return; // the releasing hash counted this one as running
      }
      lane.remove(w);
      throw busy();
    } finally {
      lock.unlock();
    }
  }

  /** Hands the slot to the first quiet waiter, else the first ordinary one, else frees it. */
  private void release() {
    lock.lock();
    try {
      Waiter next = quiet.isEmpty() ? ordinary.pollFirst() : quiet.pollFirst();
      if (next == null) {
        running--;
      } else {
        next.granted = true;
        next.turn.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many hashes wait in the quiet lane, or in the ordinary one. */
  int waiting(boolean quietClient) {
    lock.lock();
    try {
      return (quietClient ? quiet : ordinary).size();
    } finally {
      lock.unlock();
    }
  }

  private PlatformException busy() {
    onRefusal.run();
    return PlatformException.retryAfter(
        ErrorCode.BUSY, "too many sign-ins in progress; try again shortly", retryAfter);
  }
}
