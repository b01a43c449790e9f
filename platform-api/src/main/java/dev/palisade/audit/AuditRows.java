package dev.palisade.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Reading stored entries back from {@code audit_entries}. */
final class AuditRows {
  static final String COLUMNS =
      "sequence, id, occurred_at, actor_type, actor_id, action, subject_type, subject_id, reason,"
          + " public_metadata, sealed_metadata, sealed_key_version, content_hash, chain_hash";

  private AuditRows() {}

  static AuditEntry map(String chainId, ResultSet rs) throws SQLException {
    return new AuditEntry(
        chainId,
        rs.getLong(1),
        rs.getObject(2, UUID.class),
        rs.getObject(3, OffsetDateTime.class).toInstant(),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getBytes(11),
        (Integer) rs.getObject(12),
        rs.getBytes(13),
        rs.getBytes(14));
  }
}
