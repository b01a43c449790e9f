package dev.palisade.identity;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How many password hashes may run at once ({@code concurrency}, 0 = one per processor), how many
 * more may wait for a turn ({@code queue}) and for how long ({@code queue-wait}); a hash that finds
 * the queue full, or waits longer, is refused with 503 and {@code Retry-After: retry-after}.
 */
@ConfigurationProperties("palisade.identity.hashing")
public record HashingConfig(
    @Min(0) @Max(1024) @Bindable(defaultValue = "0") int concurrency,
    @Min(0) @Max(10_000) @Bindable(defaultValue = "8") int queue,
    @NotNull @Bindable(defaultValue = "2s") Duration queueWait,
    @NotNull @Bindable(defaultValue = "1s") Duration retryAfter) {

  /** The number of hashes that may run at once, with 0 read as the number of processors. */
  public int permits() {
    return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
  }
}
