package dev.palisade.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Sign-in bookkeeping shared by the {@code install_admins} and {@code members} tables, which have
 * the same account columns.
 */
final class AccountStore {
  private final String table;

  private AccountStore(String table) {
    this.table = table;
  }

  static final AccountStore INSTALL_ADMINS = new AccountStore("install_admins");
  static final AccountStore MEMBERS = new AccountStore("members");

  Optional<Account> findByEmail(Handle h, String email) {
    String role = this == MEMBERS ? "role" : "null as role";
    return h.createQuery(
            "select id, email, password_hash, status, failed_attempts, locked_until, "
                + role
                + " from "
                + table
                + " where lower(email) = lower(:email)")
        .bind("email", email)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  private static Account map(ResultSet rs) throws SQLException {
    OffsetDateTime locked = rs.getObject("locked_until", OffsetDateTime.class);
    return new Account(
        rs.getObject("id", UUID.class),
        rs.getString("email"),
        rs.getString("password_hash"),
        "active".equals(rs.getString("status")),
        rs.getInt("failed_attempts"),
        locked == null ? null : locked.toInstant(),
        Role.parse(rs.getString("role")).orElse(null));
  }

  /** Counts a failure; locks the account once {@code max} failures in a row are reached. */
  boolean recordFailure(Handle h, UUID id, int max, Instant lockUntil) {
    int failures =
        h.createQuery(
                "update "
                    + table
                    + " set failed_attempts = failed_attempts + 1 where id = :id"
                    + " returning failed_attempts")
            .bind("id", id)
            .mapTo(Integer.class)
            .findOne()
            .orElse(0);
    if (failures < max) {
      return false;
    }
    h.createUpdate(
            "update " + table + " set failed_attempts = 0, locked_until = :until where id = :id")
        .bind("until", lockUntil)
        .bind("id", id)
        .execute();
    return true;
  }

  void recordSuccess(Handle h, UUID id) {
    h.createUpdate(
            "update "
                + table
                + " set failed_attempts = 0, locked_until = null where id = :id"
                + " and (failed_attempts <> 0 or locked_until is not null)")
        .bind("id", id)
        .execute();
  }
}
