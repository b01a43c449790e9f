package dev.palisade.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The install's key provider as this instance last saw it, for the detailed health probe. {@code
 * state} is {@code verified} (the last live round trip passed and no operation failed since),
 * {@code failing} (the last round trip failed, or an operation failed since) or {@code unverified}
 * (no round trip on this instance yet). {@code lastVerifiedAt} and {@code latencyMillis} are those
 * of the last round trip, {@code detail} its sanitized result, {@code lastFailureAt} the time of
 * the last failed operation; absent when unknown. Holds no key material, settings or addresses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyProviderStatus(
    String type,
    String state,
    Instant lastVerifiedAt,
    Long latencyMillis,
    String detail,
    Instant lastFailureAt) {
  public KeyProviderStatus {
    requireNonNull(type, "type is null");
    requireNonNull(state, "state is null");
  }
}
