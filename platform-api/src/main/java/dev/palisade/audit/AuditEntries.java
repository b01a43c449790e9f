package dev.palisade.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code audit_entries} table of a chain's database: the one place its columns are named and a
 * row is mapped to an {@link AuditEntry}. Reads select {@link #COLUMNS}, in this order, first.
 */
final class AuditEntries {
  static final String COLUMNS =
      "sequence, id, occurred_at, actor_type, actor_id, action, subject_type, subject_id, reason,"
          + " public_metadata, sealed_metadata, sealed_key_version, content_hash, chain_hash";

  private AuditEntries() {}

  /** The entry in the current row, whose first columns are {@link #COLUMNS}. */
  static AuditEntry map(String chainId, ResultSet rs) throws SQLException {
    int version = rs.getInt(12);
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
        rs.wasNull() ? null : version,
        rs.getBytes(13),
        rs.getBytes(14));
  }

  /**
   * Inserts entries and moves the chain head to the last of them, in the caller's transaction and
   * in one statement (one round trip however many entries): the columns are bound as arrays and
   * unnested. The caller holds the head locked ({@link ChainHeads#lock}).
   */
  static void append(Handle h, String chainId, List<AuditEntry> entries) {
    AppendStatements.insert(h, chainId, entries);
  }

  /** Whether an entry with this id is stored: settles the outcome of a commit that broke off. */
  static boolean exists(Handle h, UUID id) {
    return h.createQuery("select count(*) > 0 from audit_entries where id = :id")
        .bind("id", id)
        .mapTo(Boolean.class)
        .one();
  }

  /** The highest stored sequence, 0 for an empty chain. */
  static long maxSequence(Handle h) {
    return h.createQuery("select coalesce(max(sequence), 0) from audit_entries")
        .mapTo(Long.class)
        .one();
  }
}
