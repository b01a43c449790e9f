package dev.palisade.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The two statements of every audit batch, written against the handle's JDBC connection rather than
 * through Jdbi's statement API. They run once per batch on the busiest path of the platform, and
 * Jdbi's per-statement work (a configuration copy, argument-factory lookups for each bound value)
 * was measured to cost about as much as the rest of the batch together (see the append path in
 * {@code docs/architecture.md}). They still run on the batch's {@link Handle}, in its transaction,
 * and a failure surfaces as Jdbi's {@link UnableToExecuteStatementException} with the driver's
 * SQLSTATE, exactly as a Jdbi statement's would.
 */
final class AppendStatements {
  private static final String LOCK_HEAD =
      "with bounds as (select set_config('lock_timeout', ?, true),"
          + " set_config('statement_timeout', ?, true))"
          + " select last_sequence, last_chain_hash from audit_chain_head, bounds"
          + " where chain_id = ? for update of audit_chain_head";

  private static final String INSERT =
      "with inserted as (insert into audit_entries ("
          + AuditEntries.COLUMNS
          + ") select * from unnest(?::bigint[], ?::uuid[], ?::timestamptz[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[],"
          + " ?::int[], ?::bytea[], ?::bytea[]) returning 1)"
          + " update audit_chain_head set last_sequence = ?, last_chain_hash = ?"
          + " where chain_id = ? and (select count(*) from inserted) = ?";

  private AppendStatements() {}

  /**
   * Locks the chain's head row and bounds this and every later statement of the transaction (lock
   * waits included) by {@code timeout}, a PostgreSQL interval such as {@code "5000ms"}: one round
   * trip. Empty when the chain has no head yet.
   */
  static Optional<ChainHeads.Head> lockHead(Handle h, String chainId, String timeout) {
    try (PreparedStatement ps = h.getConnection().prepareStatement(LOCK_HEAD)) {
      ps.setString(1, timeout);
      ps.setString(2, timeout);
      ps.setString(3, chainId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new ChainHeads.Head(rs.getLong(1), rs.getBytes(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /**
   * Batches up to this size bind one row of values per entry; larger ones bind each column as an
   * array. Building the 14 arrays has a fixed cost per batch (the driver looks up each array type
   * and writes each array as text) that was a fifth of the writer's time when many chains each
   * append a few entries at once; for large batches the arrays keep the statement one size.
   */
  static final int ROWS_MAX = 16;

  private static final String[] ROWS = new String[ROWS_MAX + 1];

  static {
    String row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    for (int n = 1; n <= ROWS_MAX; n++) {
      ROWS[n] =
          "with inserted as (insert into audit_entries ("
              + AuditEntries.COLUMNS
              + ") values "
              + String.join(", ", java.util.Collections.nCopies(n, row))
              + " returning 1)"
              + " update audit_chain_head set last_sequence = ?, last_chain_hash = ?"
              + " where chain_id = ? and (select count(*) from inserted) = ?";
    }
  }

  /**
   * Inserts the entries and moves the head to the last of them in one statement, one round trip
   * however many entries ({@link #ROWS_MAX} decides how they are bound). The head moves only if
   * every entry was inserted.
   */
  static void insert(Handle h, String chainId, List<AuditEntry> entries) {
    int n = entries.size();
    AuditEntry last = entries.get(n - 1);
    Connection c = h.getConnection();
    int moved;
    try (PreparedStatement ps = c.prepareStatement(n <= ROWS_MAX ? ROWS[n] : INSERT)) {
      int next = n <= ROWS_MAX ? bindRows(ps, entries) : bindColumns(c, ps, entries);
      ps.setLong(next, last.sequence());
      ps.setBytes(next + 1, last.chainHash());
      ps.setString(next + 2, chainId);
      ps.setInt(next + 3, n);
      moved = ps.executeUpdate();
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
    if (moved != 1) {
      throw new IllegalStateException("the head of chain " + chainId + " did not move");
    }
  }

  /** One row of parameters per entry; returns the index of the next parameter. */
  private static int bindRows(PreparedStatement ps, List<AuditEntry> entries) throws SQLException {
    int i = 1;
    for (AuditEntry e : entries) {
      ps.setLong(i++, e.sequence());
      ps.setObject(i++, e.id());
      ps.setObject(i++, OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC));
      ps.setString(i++, e.actorType());
      ps.setString(i++, e.actorId());
      ps.setString(i++, e.action());
      ps.setString(i++, e.subjectType());
      ps.setString(i++, e.subjectId());
      ps.setString(i++, e.reason());
      ps.setString(i++, e.publicMetadata());
      ps.setBytes(i++, e.sealedMetadata());
      if (e.sealedKeyVersion() == null) {
        ps.setNull(i++, java.sql.Types.INTEGER);
      } else {
        ps.setInt(i++, e.sealedKeyVersion());
      }
      ps.setBytes(i++, e.contentHash());
      ps.setBytes(i++, e.chainHash());
    }
    return i;
  }

  /** Each column as one array parameter; returns the index of the next parameter. */
  private static int bindColumns(Connection c, PreparedStatement ps, List<AuditEntry> entries)
      throws SQLException {
    int n = entries.size();
    Object[][] columns = new Object[14][];
    columns[0] = new Long[n];
    columns[1] = new UUID[n];
    columns[2] = new OffsetDateTime[n];
    for (int col = 3; col <= 9; col++) {
      columns[col] = new String[n];
    }
    columns[10] = new byte[n][];
    columns[11] = new Integer[n];
    columns[12] = new byte[n][];
    columns[13] = new byte[n][];
    for (int i = 0; i < n; i++) {
      AuditEntry e = entries.get(i);
      columns[0][i] = e.sequence();
      columns[1][i] = e.id();
      columns[2][i] = OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC);
      columns[3][i] = e.actorType();
      columns[4][i] = e.actorId();
      columns[5][i] = e.action();
      columns[6][i] = e.subjectType();
      columns[7][i] = e.subjectId();
      columns[8][i] = e.reason();
      columns[9][i] = e.publicMetadata();
      columns[10][i] = e.sealedMetadata();
      columns[11][i] = e.sealedKeyVersion();
      columns[12][i] = e.contentHash();
      columns[13][i] = e.chainHash();
    }
    String[] types = {
      "bigint",
      "uuid",
      "timestamptz",
      "text",
      "text",
      "text",
      "text",
      "text",
      "text",
      "text",
      "bytea",
      "int4",
      "bytea",
      "bytea"
    };
    for (int col = 0; col < columns.length; col++) {
      ps.setArray(col + 1, c.createArrayOf(types[col], columns[col]));
    }
    return columns.length + 1;
  }
}
