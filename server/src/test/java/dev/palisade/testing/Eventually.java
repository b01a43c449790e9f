package dev.palisade.testing;

import java.time.Duration;

/** Waits for a condition, polling it; fails with the condition's description at the deadline. */
public final class Eventually {
  private Eventually() {}

  /** A condition that may throw (a query, an HTTP call). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  public static void until(Duration within, Condition condition) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition did not hold within " + within);
      }
      Thread.onSpinWait();
      Thread.sleep(10);
    }
  }
}
