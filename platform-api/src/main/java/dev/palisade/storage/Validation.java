package dev.palisade.storage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a round trip against a binding ({@link Probe}): {@code result} {@code passed} or
 * {@code failed}, and each step with its outcome ({@code passed}, {@code failed}, {@code skipped}),
 * its latency and, for a failure, a sanitized reason of at most {@link Step#REASON_LIMIT}
 * characters.
 */
public record Validation(String result, List<Step> steps, Instant checkedAt) {
  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  public Validation {
    requireNonNull(result, "result is null");
    steps = List.copyOf(steps);
    requireNonNull(checkedAt, "checkedAt is null");
  }

  @JsonIgnore
  public boolean passed() {
    return PASSED.equals(result);
  }

  /** The reason of the first failed step, or null. */
  @JsonIgnore
  public String firstFailure() {
    return steps.stream()
        .filter(s -> FAILED.equals(s.outcome()))
        .map(s -> s.name() + ": " + s.reason())
        .findFirst()
        .orElse(null);
  }

  /** One step of the round trip. */
  public record Step(String name, String outcome, long latencyMillis, String reason) {
    public static final int REASON_LIMIT = 200;

    public Step {
      requireNonNull(name, "name is null");
      requireNonNull(outcome, "outcome is null");
      if (reason != null && reason.length() > REASON_LIMIT) {
        reason = reason.substring(0, REASON_LIMIT);
      }
    }
  }
}
