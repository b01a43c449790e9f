package dev.palisade.backup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restore validation of one backup: {@code state} is {@code running}, then {@code passed} or
 * {@code failed}; a failed one names the database and the step that failed. {@code restoreMillis}
 * is the recovery time measured (pg_restore of every database), {@code backupAgeMillis} the
 * recovery point (how old the backup was when it was validated).
 */
public record Validation(
    UUID id,
    UUID backupId,
    String state,
    String trigger,
    String requestedBy,
    Instant startedAt,
    Instant endedAt,
    Long durationMillis,
    List<Step> steps,
    String failedDatabase,
    String failedStep,
    String detail,
    Long restoreMillis,
    Long backupAgeMillis) {

  public static final String RUNNING = "running";
  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  /**
   * One step: {@code name} is one of {@code download} (S3 target only), {@code signature}, {@code
   * checksums}, {@code restore}, {@code schema}, {@code storage} (organizations on bundled storage
   * only), {@code chain}, {@code liveHead}, {@code unseal}, {@code credentials} (install database
   * only), {@code cleanup}; {@code database} is null for the steps about the whole backup; {@code
   * result} is {@code passed}, {@code failed} or {@code skipped}.
   */
  public record Step(
      String name, String database, String result, long durationMillis, String detail) {}
}
