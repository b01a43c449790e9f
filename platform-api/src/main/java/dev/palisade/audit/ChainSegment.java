package dev.palisade.audit;

import dev.palisade.crypto.Hashes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementCustomizer;

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

  /** Prepares the statement on the server at once, so that rows arrive in binary. */
  private static final StatementCustomizer BINARY =
      new StatementCustomizer() {
        @Override
        public void beforeExecution(
            java.sql.PreparedStatement stmt, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
          stmt.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        }
      };

  /** What one segment found. {@code firstBad} is null when the segment is sound. */
  record Result(
      long from,
      Long firstBad,
      long lastGood,
      String detail,
      long entries,
      byte[] lastHash,
      Instant lastTime,
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
  private Instant lastTime;
  private final List<Verification.CheckpointMismatch> mismatches = new ArrayList<>();

  /**
   * Walks the segment, reading it {@code page} entries at a time, each page on a connection that is
   * given back before the page is checked: a long verification holds no connection for long.
   */
  Result run(Jdbi db, int page) {
    previous = from == 1 ? ChainEncoding.GENESIS : anchor;
    lastGood = from - 1;
    return walk(new Pages(db, page));
  }

  /** The rows {@code from - 1} (from 1 for the first segment) to {@code to}, a page at a time. */
  private final class Pages implements Iterator<AuditEntry> {
    private final Jdbi db;
    private final int size;
    private long next = from == 1 ? 1 : from - 1;
    private Iterator<AuditEntry> page = List.<AuditEntry>of().iterator();
    private boolean last;

    Pages(Jdbi db, int size) {
      this.db = db;
      this.size = size;
    }

    @Override
    public boolean hasNext() {
      if (!page.hasNext() && !last && next <= to) {
        List<AuditEntry> rows = db.withHandle(this::read);
        last = rows.size() < size;
        if (!rows.isEmpty()) {
          next = rows.get(rows.size() - 1).sequence() + 1;
        }
        page = rows.iterator();
      }
      return page.hasNext();
    }

    @Override
    public AuditEntry next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return page.next();
    }

    private List<AuditEntry> read(Handle h) {
      return h.createQuery(
              "select "
                  + AuditEntries.COLUMNS
                  + " from audit_entries where sequence between :lo and :hi"
                  + " order by sequence limit :n")
          .bind("lo", next)
          .bind("hi", to)
          .bind("n", size)
          // server-side prepared from the first execution: rows arrive in binary
          .addCustomizer(BINARY)
          .map((rs, ctx) -> AuditEntries.map(chainId, rs))
          .list();
    }
  }

  private Result walk(Iterator<AuditEntry> rows) {
    long expected = from;
    while (rows.hasNext()) {
      AuditEntry e = rows.next();
      long seq = e.sequence();
      if (seq == from - 1) {
        if (previous != null && !Hashes.equal(previous, e.chainHash())) {
          lastGood = seq - 1;
          return broken(
              seq, "entry " + seq + " no longer matches the checkpoint verification started from");
        }
        previous = e.chainHash();
        continue;
      }
      if (previous == null) {
        return anchorMissing();
      }
      if (seq != expected) {
        return broken(expected, missing(expected, seq));
      }
      byte[] content = ChainEncoding.contentHash(e);
      if (!Hashes.equal(content, e.contentHash())) {
        return broken(
            seq,
            between(seq)
                + "entry "
                + seq
                + " was changed after it was written (content hash mismatch)");
      }
      byte[] chainHash = ChainEncoding.chainHash(previous, content);
      if (!Hashes.equal(chainHash, e.chainHash())) {
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
        if (!Hashes.equal(cp.chainHash(), chainHash)) {
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
      lastTime = e.occurredAt();
      lastGood = seq;
      expected = seq + 1;
      count++;
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
