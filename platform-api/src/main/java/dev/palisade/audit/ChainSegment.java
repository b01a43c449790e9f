package dev.palisade.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Verifies entries {@code from..to} of a chain, anchored on the stored chain hash of entry {@code
 * from - 1} (or the genesis value, or a checkpoint). Segments are independent: if every entry's
 * stored chain hash equals SHA-256(stored chain hash before it ‖ recomputed content hash), the
 * whole chain recomputes from genesis to the stored values, so segments can run in parallel.
 */
final class ChainSegment {
  private final String chainId;
  private final long from;
  private final long to;
  private final byte[] anchor;
  private final Map<Long, Checkpoint> checkpoints;

  /** What one segment found. {@code firstBad} is null when the segment is sound. */
  record Result(
      long from,
      Long firstBad,
      long lastGood,
      String detail,
      long entries,
      byte[] lastHash,
      OffsetDateTime lastTime,
      int checkpointsChecked,
      List<Verification.CheckpointMismatch> mismatches) {}

  /**
   * @param anchor the expected chain hash of entry {@code from - 1}, or null to take it from the
   *     stored row {@code from - 1} (which must exist unless {@code from} is 1)
   */
  ChainSegment(
      String chainId, long from, long to, byte[] anchor, Map<Long, Checkpoint> checkpoints) {
    this.chainId = chainId;
    this.from = from;
    this.to = to;
    this.anchor = anchor;
    this.checkpoints = checkpoints;
  }

  // Running state of the one walk this segment makes.
  private byte[] previous;
  private long lastGood;
  private long count;
  private int checked;
  private OffsetDateTime lastTime;
  private final List<Verification.CheckpointMismatch> mismatches = new ArrayList<>();

  Result run(Connection c) throws SQLException {
    previous = from == 1 ? ChainEncoding.GENESIS : anchor;
    lastGood = from - 1;
    long expected = from;
    try (PreparedStatement ps =
        c.prepareStatement(
            "select sequence, id, occurred_at, actor_type, actor_id, action, subject_type,"
                + " subject_id, reason, public_metadata, sealed_metadata, sealed_key_version,"
                + " content_hash, chain_hash from audit_entries where sequence between ? and ?"
                + " order by sequence")) {
      ps.setFetchSize(10_000);
      // server-side prepared from the first execution: rows arrive in binary
      ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
      ps.setLong(1, from == 1 ? 1 : from - 1);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          if (seq == from - 1) {
            byte[] stored = rs.getBytes(14);
            if (previous != null && !MessageDigest.isEqual(previous, stored)) {
              lastGood = seq - 1;
              return broken(
                  seq,
                  "entry " + seq + " no longer matches the checkpoint verification started from");
            }
            previous = stored;
            continue;
          }
          if (previous == null) {
            return anchorMissing();
          }
          if (seq != expected) {
            return broken(expected, missing(expected, seq));
          }
          OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
          byte[] content =
              ChainEncoding.sha256(
                  ChainEncoding.encode(
                      chainId,
                      seq,
                      rs.getObject(2, UUID.class),
                      at.toInstant(),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8),
                      rs.getString(9),
                      rs.getString(10),
                      rs.getBytes(11),
                      (Integer) rs.getObject(12)));
          if (!MessageDigest.isEqual(content, rs.getBytes(13))) {
            return broken(
                seq,
                between(seq)
                    + "entry "
                    + seq
                    + " was changed after it was written (content hash mismatch)");
          }
          byte[] chainHash = ChainEncoding.chainHash(previous, content);
          if (!MessageDigest.isEqual(chainHash, rs.getBytes(14))) {
            return broken(
                seq,
                between(seq)
                    + "the link from entry "
                    + (seq - 1)
                    + " does not match (chain hash mismatch)");
          }
          Checkpoint cp = checkpoints.get(seq);
          if (cp != null) {
            checked++;
            if (!MessageDigest.isEqual(cp.chainHash(), chainHash)) {
              mismatches.add(
                  new Verification.CheckpointMismatch(
                      seq,
                      "checkpoint at entry "
                          + seq
                          + " no longer matches: entries up to "
                          + seq
                          + " were rewritten"));
            }
          }
          previous = chainHash;
          lastTime = at;
          lastGood = seq;
          expected = seq + 1;
          count++;
        }
      }
    }
    if (previous == null) {
      return anchorMissing();
    }
    if (expected <= to) {
      return broken(expected, missing(expected, -1));
    }
    return new Result(from, null, lastGood, null, count, previous, lastTime, checked, mismatches);
  }

  private static String between(long seq) {
    return "broken between entries " + (seq - 1) + " and " + seq + ": ";
  }

  static String missing(long expected, long found) {
    if (found < 0) {
      return "entry " + expected + " is missing";
    }
    return "broken between entries "
        + (expected - 1)
        + " and "
        + found
        + ": entr"
        + (found - expected == 1
            ? "y " + expected + " is"
            : "ies " + expected + " to " + (found - 1) + " are")
        + " missing";
  }

  /** The stored entry this segment is anchored on is gone. */
  private Result anchorMissing() {
    lastGood = from - 2;
    return broken(from - 1, "entry " + (from - 1) + " is missing");
  }

  private Result broken(long firstBad, String detail) {
    return new Result(
        from, firstBad, lastGood, detail, count, previous, lastTime, checked, mismatches);
  }
}
