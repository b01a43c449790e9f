package dev.palisade.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A migration run as shown: its state ({@code pending}, {@code running}, {@code completed}, {@code
 * failed}, {@code cancelled}), item counts (verified counts items switched to the target, and items
 * that changed or were deleted while the run went on), bytes verified, times, and the last error
 * (sanitized, at most 500 characters).
 */
public record MigrationRun(
    UUID id,
    UUID sourceBindingId,
    UUID targetBindingId,
    String state,
    boolean keepSources,
    Items items,
    long bytes,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String lastError) {
  public static final int ERROR_LIMIT = 500;

  public record Items(long total, long copied, long verified, long failed, long pending) {}

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean active() {
    return "pending".equals(state) || "running".equals(state);
  }
}
