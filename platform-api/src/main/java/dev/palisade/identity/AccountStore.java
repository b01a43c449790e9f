package dev.palisade.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-in bookkeeping shared by the {@code install_admins} and {@code members} tables, which have
 * the same account columns.
 */
final class AccountStore {
  private final String table;

  AccountStore(String table) {
    this.table = table;
  }

  Optional<Account> findByEmail(Connection c, String email) throws SQLException {
    String role = table.equals("members") ? "role" : "null";
    try (PreparedStatement ps =
        c.prepareStatement(
            "select id, email, password_hash, status, failed_attempts, locked_until, "
                + role
                + " from "
                + table
                + " where lower(email) = lower(?)")) {
      ps.setString(1, email);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp locked = rs.getTimestamp(6);
        return Optional.of(
            new Account(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                "active".equals(rs.getString(4)),
                rs.getInt(5),
                locked == null ? null : locked.toInstant(),
                Role.parse(rs.getString(7)).orElse(null)));
      }
    }
  }

  /** Counts a failure; locks the account once {@code max} failures in a row are reached. */
  boolean recordFailure(Connection c, UUID id, int max, Instant lockUntil) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update "
                + table
                + " set failed_attempts = failed_attempts + 1 where id = ?"
                + " returning failed_attempts")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(1) < max) {
          return false;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "update " + table + " set failed_attempts = 0, locked_until = ? where id = ?")) {
      ps.setTimestamp(1, Timestamp.from(lockUntil));
      ps.setObject(2, id);
      ps.executeUpdate();
    }
    return true;
  }

  void recordSuccess(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update "
                + table
                + " set failed_attempts = 0, locked_until = null where id = ?"
                + " and (failed_attempts <> 0 or locked_until is not null)")) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
  }
}
