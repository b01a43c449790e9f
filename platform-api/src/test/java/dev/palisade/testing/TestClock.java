package dev.palisade.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock plus an offset that a test moves forward, given to a test server as its {@code
 * Clock} bean: time-dependent behaviour (lockout expiry, grace periods, cadences, caches) is tested
 * by moving this clock instead of waiting.
 */
public final class TestClock extends Clock {
  private final AtomicLong offsetNanos = new AtomicLong();

  /** Moves the clock forward by {@code by}. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward");
    }
    offsetNanos.addAndGet(by.toNanos());
  }

  @Override
  public Instant instant() {
    return Instant.now().plusNanos(offsetNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the platform's clock is UTC");
  }
}
