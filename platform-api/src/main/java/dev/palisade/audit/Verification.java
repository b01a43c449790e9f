package dev.palisade.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of verifying a chain. {@code status} is {@code intact} or {@code broken}. For a
 * broken chain, {@code firstBadSequence} is the first entry that fails and {@code lastGoodSequence}
 * the last one before it that is known good ("broken between entries X and Y"); {@code truncation}
 * and {@code checkpointMismatches} are reported separately, as are {@code missingCheckpoints}: the
 * numbers of checkpoints of the chain that were deleted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(
    String status,
    String chainId,
    long entries,
    Head head,
    Long firstBadSequence,
    Long lastGoodSequence,
    String detail,
    String truncation,
    int checkpointsChecked,
    List<CheckpointMismatch> checkpointMismatches,
    List<Long> missingCheckpoints,
    Long verifiedFromSequence) {

  /** The newest entry of an intact chain. */
  public record Head(long sequence, String chainHash, String occurredAt) {}

  /** A checkpoint whose signed chain hash no longer matches the stored chain, or is invalid. */
  public record CheckpointMismatch(long sequence, String detail) {}

  public boolean intact() {
    return "intact".equals(status);
  }
}
