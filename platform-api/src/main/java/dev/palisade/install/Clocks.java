package dev.palisade.install;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one {@link Clock} everything that reads time is given: UTC system time, unless a {@code
 * Clock} singleton was registered before start-up (tests register one they move forward instead of
 * waiting for time to pass).
 */
@Factory
final class Clocks {
  @Singleton
  @Requires(missingBeans = Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }
}
