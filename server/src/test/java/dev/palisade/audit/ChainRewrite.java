package dev.palisade.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What an attacker with write access to a chain's database but no signing key can do: change an
 * entry and recompute every hash after it, so the chain is consistent in itself. {@link #undo} puts
 * the rows back as they were.
 */
public final class ChainRewrite {
  private final List<Object[]> original = new ArrayList<>();
  private byte[] head;
  private final String chainId;

  private ChainRewrite(String chainId) {
    this.chainId = chainId;
  }

  /** Rewrites the reason of entry {@code from} of chain {@code chainId} on {@code c}. */
  public static ChainRewrite rewrite(Connection c, String chainId, long from, String reason)
      throws Exception {
    ChainRewrite r = new ChainRewrite(chainId);
    c.setAutoCommit(false);
    byte[] previous = ChainEncoding.GENESIS;
    List<AuditEntry> entries = new ArrayList<>();
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "select " + AuditEntries.COLUMNS + " from audit_entries order by sequence")) {
      while (rs.next()) {
        entries.add(AuditEntries.map(chainId, rs));
      }
    }
    try (ResultSet rs =
        c.createStatement().executeQuery("select last_chain_hash from audit_chain_head")) {
      rs.next();
      r.head = rs.getBytes(1);
    }
    for (AuditEntry e : entries) {
      r.original.add(new Object[] {e.sequence(), e.reason(), e.contentHash(), e.chainHash()});
      String why = e.sequence() == from ? reason : e.reason();
      AuditEntry changed =
          new AuditEntry(
              e.chainId(),
              e.sequence(),
              e.id(),
              e.occurredAt(),
              e.actorType(),
              e.actorId(),
              e.action(),
              e.subjectType(),
              e.subjectId(),
              why,
              e.publicMetadata(),
              e.sealedMetadata(),
              e.sealedKeyVersion(),
              e.contentHash(),
              e.chainHash());
      byte[] content = ChainEncoding.contentHash(changed);
      byte[] chainHash = ChainEncoding.chainHash(previous, content);
      update(c, e.sequence(), why, content, chainHash, e.occurredAt());
      previous = chainHash;
    }
    head(c, previous, chainId);
    c.commit();
    return r;
  }

  /** Puts every row and the head back as they were before the rewrite. */
  public void undo(Connection c) throws Exception {
    c.setAutoCommit(false);
    for (Object[] row : original) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "update audit_entries set reason = ?, content_hash = ?, chain_hash = ?"
                  + " where sequence = ?")) {
        ps.setString(1, (String) row[1]);
        ps.setBytes(2, (byte[]) row[2]);
        ps.setBytes(3, (byte[]) row[3]);
        ps.setLong(4, (Long) row[0]);
        ps.executeUpdate();
      }
    }
    head(c, head, chainId);
    c.commit();
  }

  private static void update(
      Connection c, long seq, String reason, byte[] content, byte[] chain, java.time.Instant at)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update audit_entries set reason = ?, content_hash = ?, chain_hash = ?,"
                + " occurred_at = ? where sequence = ?")) {
      ps.setString(1, reason);
      ps.setBytes(2, content);
      ps.setBytes(3, chain);
      ps.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setLong(5, seq);
      ps.executeUpdate();
    }
  }

  private static void head(Connection c, byte[] hash, String chainId) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("update audit_chain_head set last_chain_hash = ? where chain_id = ?")) {
      ps.setBytes(1, hash);
      ps.setString(2, chainId);
      ps.executeUpdate();
    }
  }
}
