package dev.palisade.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Rate limits ({@code palisade.ratelimit.*}): per category a burst and a refill rate per minute,
 * and the most buckets held in memory. Defaults are meant for people and scripts of one
 * organization sharing an address, not for load tests.
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
    @Min(1) @Bindable(defaultValue = "20") int verifyPerMinute) {

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
