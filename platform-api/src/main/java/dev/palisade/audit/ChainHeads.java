package dev.palisade.audit;

import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code audit_chain_head} row of a chain: its last sequence and chain hash. Appends lock this
 * row, so appends to one chain queue on the database whichever instance makes them.
 */
final class ChainHeads {
  private ChainHeads() {}

  /** The last committed sequence and chain hash. */
  record Head(long sequence, byte[] chainHash) {}

  /**
   * Locks the head for the rest of the caller's transaction (creating it at the genesis value for a
   * new chain) and returns it; waits while another transaction holds it, at most {@code timeout}.
   * The same statement bounds every later statement of the transaction by {@code timeout}, so
   * taking the lock costs one round trip.
   */
  static Head lock(Handle h, String chainId, Duration timeout) {
    Optional<Head> head = AppendStatements.lockHead(h, chainId, timeout.toMillis() + "ms");
    if (head.isPresent()) {
      return head.get();
    }
    h.createUpdate(
            "insert into audit_chain_head (chain_id, last_sequence, last_chain_hash)"
                + " values (:chain, 0, :genesis) on conflict do nothing")
        .bind("chain", chainId)
        .bind("genesis", ChainEncoding.GENESIS)
        .execute();
    return select(h, chainId, true).orElseThrow();
  }

  /** The head as stored, without locking it. */
  static Optional<Head> read(Handle h, String chainId) {
    return select(h, chainId, false);
  }

  /** Every head row of the database {@code h} is on, by chain id. */
  static java.util.Map<String, Head> all(Handle h) {
    java.util.Map<String, Head> out = new java.util.TreeMap<>();
    h.createQuery("select chain_id, last_sequence, last_chain_hash from audit_chain_head")
        .map(
            (rs, ctx) ->
                java.util.Map.entry(rs.getString(1), new Head(rs.getLong(2), rs.getBytes(3))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static Optional<Head> select(Handle h, String chainId, boolean forUpdate) {
    return h.createQuery(
            "select last_sequence, last_chain_hash from audit_chain_head where chain_id = :chain"
                + (forUpdate ? " for update" : ""))
        .bind("chain", chainId)
        .map((rs, ctx) -> new Head(rs.getLong(1), rs.getBytes(2)))
        .findOne();
  }
}
