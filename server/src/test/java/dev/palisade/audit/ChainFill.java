package dev.palisade.audit;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * A fixture that appends valid entries straight into a chain's table with {@code COPY} and moves
 * its head, to give a test a long chain in a fraction of a second. Only while nothing else appends.
 */
final class ChainFill {
  private ChainFill() {}

  static void append(Connection c, String chainId, int n, Instant at) throws Exception {
    c.setAutoCommit(false);
    long sequence = 0;
    byte[] previous = ChainEncoding.GENESIS;
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "select last_sequence, last_chain_hash from audit_chain_head for update")) {
      if (rs.next()) {
        sequence = rs.getLong(1);
        previous = rs.getBytes(2);
      }
    }
    HexFormat hex = HexFormat.of();
    StringBuilder rows = new StringBuilder();
    Instant time = ChainEncoding.truncate(at);
    for (int i = 0; i < n; i++) {
      sequence++;
      AuditEntry e =
          new AuditEntry(
              chainId,
              sequence,
              UUID.randomUUID(),
              time,
              "system",
              "system:fill",
              "fill.appended",
              null,
              null,
              "filled " + sequence,
              null,
              null,
              null,
              new byte[32],
              new byte[32]);
      byte[] content = ChainEncoding.contentHash(e);
      byte[] chain = ChainEncoding.chainHash(previous, content);
      rows.append(sequence)
          .append('\t')
          .append(e.id())
          .append('\t')
          .append(time)
          .append('\t')
          .append("system\tsystem:fill\tfill.appended\tfilled ")
          .append(sequence)
          .append("\t\\\\x")
          .append(hex.formatHex(content))
          .append("\t\\\\x")
          .append(hex.formatHex(chain))
          .append('\n');
      previous = chain;
    }
    c.unwrap(PGConnection.class)
        .getCopyAPI()
        .copyIn(
            "copy audit_entries (sequence, id, occurred_at, actor_type, actor_id, action, reason,"
                + " content_hash, chain_hash) from stdin",
            new StringReader(rows.toString()));
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into audit_chain_head (chain_id, last_sequence, last_chain_hash)"
                + " values (?, ?, ?) on conflict (chain_id) do update"
                + " set last_sequence = excluded.last_sequence,"
                + " last_chain_hash = excluded.last_chain_hash")) {
      ps.setString(1, chainId);
      ps.setLong(2, sequence);
      ps.setBytes(3, previous);
      ps.executeUpdate();
    }
    c.commit();
  }
}
