package dev.palisade.health;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The last observed state of one dependency. {@code detail} is sanitized: no secrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DependencyStatus(
    String name, boolean up, long latencyMillis, String detail, Instant checkedAt) {
  public DependencyStatus {
    requireNonNull(name, "name is null");
    requireNonNull(checkedAt, "checkedAt is null");
  }
}
