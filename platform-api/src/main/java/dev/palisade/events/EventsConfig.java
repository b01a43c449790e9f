package dev.palisade.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Security event settings: how long events are kept when an install admin has not set a retention
 * for their type (whole days, 1 to 36,500), and how many events the retention sweep deletes per
 * statement.
 */
@ConfigurationProperties("palisade.events")
public record EventsConfig(
    @NotNull @Bindable(defaultValue = "365d") Duration retentionDefault,
    @Min(1) @Max(100_000) @Bindable(defaultValue = "1000") int sweepBatchSize) {

  public EventsConfig {
    if (retentionDefault != null
        && (retentionDefault.toDays() < RetentionPolicies.MIN_DAYS
            || retentionDefault.toDays() > RetentionPolicies.MAX_DAYS)) {
      throw new IllegalArgumentException(
          "palisade.events.retention-default must be between 1d and 36500d, was "
              + retentionDefault);
    }
  }

  /** The default retention in whole days. */
  public int retentionDefaultDays() {
    return (int) retentionDefault.toDays();
  }
}
