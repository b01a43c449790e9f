package dev.palisade.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One backup run as listed: {@code state} is {@code running}, then {@code completed} or {@code
 * failed}; {@code expiredAt} is set once retention removed its files. {@code validation} is the
 * newest restore validation of it, if any.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Backup(
    UUID id,
    String state,
    String trigger,
    String requestedBy,
    String location,
    Instant startedAt,
    Instant endedAt,
    Long durationMillis,
    Long sizeBytes,
    List<DatabaseDump> databases,
    String manifestSha256,
    String detail,
    UUID evidenceId,
    Instant expiredAt,
    Validation validation) {

  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  /** One database of a backup: what was dumped and how big it is. */
  public record DatabaseDump(
      String name,
      String role,
      UUID organizationId,
      String organizationSlug,
      String schemaVersion,
      long sizeBytes,
      int files) {}

  /** Completed, not expired, and not shown broken by its newest validation. */
  public boolean good() {
    return COMPLETED.equals(state)
        && expiredAt == null
        && (validation == null || !Validation.FAILED.equals(validation.state()));
  }

  Backup withValidation(Validation v) {
    return new Backup(
        id,
        state,
        trigger,
        requestedBy,
        location,
        startedAt,
        endedAt,
        durationMillis,
        sizeBytes,
        databases,
        manifestSha256,
        detail,
        evidenceId,
        expiredAt,
        v);
  }
}
