package dev.palisade.audit;

import dev.palisade.crypto.Ed25519;
import dev.palisade.crypto.Hashes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a chain's stored checkpoints and its mark before the chain is walked: each signature, the
 * numbering 1, 2, 3, … without gaps, and that no checkpoint up to the mark's number is missing. The
 * checkpoints that pass (and the mark, when the checkpoint it copies is gone) are what the walk
 * compares the chain with.
 */
final class CheckpointCheck {
  final Map<Long, Checkpoint> valid = new TreeMap<>();
  final List<Verification.CheckpointMismatch> mismatches = new ArrayList<>();
  final List<Long> missing = new ArrayList<>();
  private String markProblem;

  CheckpointCheck(
      List<Checkpoint> stored, Optional<Checkpoint> mark, byte[] publicKey, String keyId) {
    TreeSet<Long> numbers = new TreeSet<>();
    for (Checkpoint cp : stored) {
      numbers.add(cp.number());
      if (signed(cp, publicKey, keyId)) {
        valid.put(cp.sequence(), cp);
      } else {
        mismatches.add(
            new Verification.CheckpointMismatch(
                cp.sequence(),
                "checkpoint at entry " + cp.sequence() + ": signature is not valid"));
      }
    }
    long highest = numbers.isEmpty() ? 0 : numbers.last();
    if (mark.isPresent()) {
      Checkpoint m = mark.get();
      if (!signed(m, publicKey, keyId)) {
        markProblem = "the chain's checkpoint mark is not validly signed";
      } else {
        highest = Math.max(highest, m.number());
        compare(stored, m);
      }
    }
    for (long n = 1; n <= highest; n++) {
      if (!numbers.contains(n)) {
        missing.add(n);
      }
    }
  }

  /**
   * The stored copy of the mark's checkpoint must be the mark; if it is gone, the mark stands in.
   */
  private void compare(List<Checkpoint> stored, Checkpoint mark) {
    for (Checkpoint cp : stored) {
      if (cp.number() == mark.number()) {
        if (cp.sequence() != mark.sequence() || !Hashes.equal(cp.chainHash(), mark.chainHash())) {
          mismatches.add(
              new Verification.CheckpointMismatch(
                  cp.sequence(),
                  "checkpoint #" + cp.number() + " is not the one the chain's mark holds"));
        }
        return;
      }
    }
    valid.putIfAbsent(mark.sequence(), mark);
  }

  private static boolean signed(Checkpoint cp, byte[] publicKey, String keyId) {
    return cp.keyId().equals(keyId) && Ed25519.verify(publicKey, cp.message(), cp.signature());
  }

  /** The mark kept outside the install database cannot be read: it was tampered with. */
  void markUnreadable() {
    markProblem = "the chain's checkpoint mark is not readable";
  }

  /** What is wrong with the checkpoints beyond single mismatches, or null. */
  String problem() {
    String m = missingDetail();
    if (m == null) {
      return markProblem;
    }
    return markProblem == null ? m : m + "; " + markProblem;
  }

  /** "checkpoint #3 is missing" or "checkpoints #3, #4 are missing", or null. */
  private String missingDetail() {
    if (missing.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder(missing.size() == 1 ? "checkpoint " : "checkpoints ");
    for (int i = 0; i < missing.size() && i < 10; i++) {
      b.append(i == 0 ? "#" : ", #").append(missing.get(i));
    }
    if (missing.size() > 10) {
      b.append(" and ").append(missing.size() - 10).append(" more");
    }
    return b.append(missing.size() == 1 ? " is" : " are")
        .append(" missing: checkpoints of this chain were deleted")
        .toString();
  }
}
