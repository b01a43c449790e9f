package dev.palisade.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;

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
    int n = entries.size();
    Long[] sequence = new Long[n];
    UUID[] id = new UUID[n];
    OffsetDateTime[] occurredAt = new OffsetDateTime[n];
    String[][] text = new String[7][n];
    byte[][][] bytes = new byte[3][n][];
    Integer[] keyVersion = new Integer[n];
    for (int i = 0; i < n; i++) {
      AuditEntry e = entries.get(i);
      sequence[i] = e.sequence();
      id[i] = e.id();
      occurredAt[i] = OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC);
      text[0][i] = e.actorType();
      text[1][i] = e.actorId();
      text[2][i] = e.action();
      text[3][i] = e.subjectType();
      text[4][i] = e.subjectId();
      text[5][i] = e.reason();
      text[6][i] = e.publicMetadata();
      bytes[0][i] = e.sealedMetadata();
      keyVersion[i] = e.sealedKeyVersion();
      bytes[1][i] = e.contentHash();
      bytes[2][i] = e.chainHash();
    }
    AuditEntry last = entries.get(n - 1);
    int moved =
        h.createUpdate(
                "with inserted as (insert into audit_entries ("
                    + COLUMNS
                    + ") select * from unnest(:sequence::bigint[], :id::uuid[],"
                    + " :occurredAt::timestamptz[], :actorType::text[], :actorId::text[],"
                    + " :action::text[], :subjectType::text[], :subjectId::text[], :reason::text[],"
                    + " :publicMetadata::text[], :sealedMetadata::bytea[], :keyVersion::int[],"
                    + " :contentHash::bytea[], :chainHash::bytea[]) returning 1)"
                    + " update audit_chain_head set last_sequence = :lastSequence,"
                    + " last_chain_hash = :lastChainHash"
                    + " where chain_id = :chain and (select count(*) from inserted) = :count")
            .bind("sequence", array("bigint", sequence))
            .bind("id", array("uuid", id))
            .bind("occurredAt", array("timestamptz", occurredAt))
            .bind("actorType", array("text", text[0]))
            .bind("actorId", array("text", text[1]))
            .bind("action", array("text", text[2]))
            .bind("subjectType", array("text", text[3]))
            .bind("subjectId", array("text", text[4]))
            .bind("reason", array("text", text[5]))
            .bind("publicMetadata", array("text", text[6]))
            .bind("sealedMetadata", array("bytea", bytes[0]))
            .bind("keyVersion", array("int4", keyVersion))
            .bind("contentHash", array("bytea", bytes[1]))
            .bind("chainHash", array("bytea", bytes[2]))
            .bind("lastSequence", last.sequence())
            .bind("lastChainHash", last.chainHash())
            .bind("chain", chainId)
            .bind("count", n)
            .execute();
    if (moved != 1) {
      throw new IllegalStateException("the head of chain " + chainId + " did not move");
    }
  }

  /** A SQL array of {@code type} for one column of a batch. */
  private static Argument array(String type, Object[] values) {
    return (position, statement, ctx) ->
        statement.setArray(position, statement.getConnection().createArrayOf(type, values));
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
