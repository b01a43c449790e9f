package dev.palisade.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Rate limits ({@code palisade.ratelimit.*}): per category a burst and a refill rate per minute,
 * the most buckets held in memory, and how long a refusal is held before it is sent (at most {@code
 * max-delayed-refusals} at once). Defaults are meant for people and scripts of one organization
 * sharing an address, not for load tests.
 */
@ConfigurationProperties("palisade.ratelimit")
public record RateLimitConfig(
    @Bindable(defaultValue = "true") boolean enabled,
    @Min(100) @Max(10_000_000) @Bindable(defaultValue = "100000") int maxBuckets,
    @Min(1) @Bindable(defaultValue = "20") int authBurst,
    @Min(1) @Bindable(defaultValue = "20") int authPerMinute,
    @Min(1) @Bindable(defaultValue = "120") int writeBurst,
    @Min(1) @Bindable(defaultValue = "240") int writePerMinute,
    @Min(1) @Bindable(defaultValue = "600") int readBurst,
    @Min(1) @Bindable(defaultValue = "1200") int readPerMinute,
    @Min(1) @Bindable(defaultValue = "10") int exportBurst,
    @Min(1) @Bindable(defaultValue = "20") int exportPerMinute,
    @Min(1) @Bindable(defaultValue = "10") int verifyBurst,
    @Min(1) @Bindable(defaultValue = "20") int verifyPerMinute,
    @NotNull @Bindable(defaultValue = "1s") Duration refusalDelay,
    @Min(0) @Max(1_000_000) @Bindable(defaultValue = "10000") int maxDelayedRefusals) {

  /** The longest a refusal may be held. */
  static final Duration MAX_REFUSAL_DELAY = Duration.ofSeconds(10);

  public RateLimitConfig {
    if (refusalDelay.isNegative() || refusalDelay.compareTo(MAX_REFUSAL_DELAY) > 0) {
      throw new IllegalArgumentException(
          "palisade.ratelimit.refusal-delay must be between 0s and 10s, not " + refusalDelay);
    }
  }

  public Policy policy(Category category) {
    return switch (category) {
      case AUTH -> new Policy(category, authBurst, authPerMinute);
      case WRITE -> new Policy(category, writeBurst, writePerMinute);
      case READ -> new Policy(category, readBurst, readPerMinute);
      case EXPORT -> new Policy(category, exportBurst, exportPerMinute);
      case VERIFY -> new Policy(category, verifyBurst, verifyPerMinute);
    };
  }
}
