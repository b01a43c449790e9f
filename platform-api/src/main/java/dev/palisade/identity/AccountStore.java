package dev.palisade.identity;

import dev.palisade.tenancy.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Sign-in bookkeeping shared by the {@code install_admins} and {@code members} tables, which have
 * the same account columns.
 */
final class AccountStore {
  /** Probe accounts ({@link ProbeAccount}) are never found here, so none can sign in. */
  static final String NOT_PROBE = "status <> '" + ProbeAccount.STATUS + "'";

  private final String table;

  private AccountStore(String table) {
    this.table = table;
  }

  static final AccountStore INSTALL_ADMINS = new AccountStore("install_admins");
  static final AccountStore MEMBERS = new AccountStore("members");

  String table() {
    return table;
  }

  Optional<Account> findByEmail(Handle h, String email) {
    return h.createQuery(select() + " where lower(email) = lower(:email) and " + NOT_PROBE)
        .bind("email", email)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  Optional<Account> findById(Handle h, UUID id) {
    return findById(h, id, false);
  }

  /** The account with this id, its row locked for the caller's transaction if asked. */
  Optional<Account> findById(Handle h, UUID id, boolean forUpdate) {
    return h.createQuery(
            select() + " where id = :id and " + NOT_PROBE + (forUpdate ? " for update" : ""))
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  private String select() {
    String role = this == MEMBERS ? "role" : "null as role";
    return "select id, email, password_hash, status, failed_attempts, locked_until, token_epoch, "
        + role
        + " from "
        + table;
  }

  /**
   * Sets a new password hash and moves the token epoch on, so every token issued before is refused;
   * with {@code unlock} also ends a lockout. Returns the new epoch.
   */
  int setPassword(Handle h, UUID id, String hash, Instant now, boolean unlock) {
    return h.createQuery(
            "update "
                + table
                + " set password_hash = :hash, token_epoch = token_epoch + 1, updated_at = :now"
                + (unlock ? ", failed_attempts = 0, locked_until = null" : "")
                + " where id = :id returning token_epoch")
        .bind("hash", hash)
        .bind("now", now)
        .bind("id", id)
        .mapTo(Integer.class)
        .one();
  }

  /** The store of the accounts of {@code scope}: install admins or the organization's members. */
  static AccountStore of(Scope scope) {
    return scope.isInstall() ? INSTALL_ADMINS : MEMBERS;
  }

  /**
   * After a right password that leads to a second-factor challenge: the reserved check no longer
   * counts as a failure, but the window goes on, so the codes tried next still count towards the
   * lock (a right password does not buy more code guesses).
   */
  void releaseAttempt(Handle h, UUID id) {
    h.createUpdate(
            "update "
                + table
                + " set failed_attempts = failed_attempts - 1 where id = :id"
                + " and failed_attempts > 0 and locked_until is null")
        .bind("id", id)
        .execute();
  }

  /** Moves the account's token epoch on: every token issued before is refused. */
  void moveTokenEpoch(Handle h, UUID id) {
    h.createUpdate("update " + table + " set token_epoch = token_epoch + 1 where id = :id")
        .bind("id", id)
        .execute();
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
        Role.parse(rs.getString("role")).orElse(null),
        rs.getInt("token_epoch"));
  }

  /**
   * Reserves one password check before the hash is computed, atomically: counts it as a failure and
   * returns its number within the current lockout window, or empty while the account is locked or
   * {@code max} checks of the window are already taken. A lock that has run out starts a new
   * window. So however many sign-ins for one account are in flight, at most {@code max} of them
   * check a password per window.
   */
  OptionalInt reserveAttempt(Handle h, UUID id, int max, Instant now) {
    return h.createQuery(
            "update "
                + table
                + " set failed_attempts = case when locked_until is null"
                + " then failed_attempts + 1 else 1 end, locked_until = null"
                + " where id = :id and (locked_until <= :now"
                + " or (locked_until is null and failed_attempts < :max))"
                + " returning failed_attempts")
        .bind("id", id)
        .bind("now", now)
        .bind("max", max)
        .mapTo(Integer.class)
        .findOne()
        .map(OptionalInt::of)
        .orElse(OptionalInt.empty());
  }

  /**
   * After a wrong password whose check was reservation {@code attempt}: locks the account when that
   * was the last check of the window. True when it locked.
   */
  boolean lockIfLast(Handle h, UUID id, int attempt, int max, Instant lockUntil) {
    if (attempt < max) {
      return false;
    }
    h.createUpdate(
            "update " + table + " set failed_attempts = 0, locked_until = :until where id = :id")
        .bind("until", lockUntil)
        .bind("id", id)
        .execute();
    return true;
  }

  /**
   * After a right password: a new window starts, unless a check that failed meanwhile has locked
   * the account (that lock stands).
   */
  void recordSuccess(Handle h, UUID id) {
    h.createUpdate(
            "update "
                + table
                + " set failed_attempts = 0 where id = :id"
                + " and failed_attempts <> 0 and locked_until is null")
        .bind("id", id)
        .execute();
  }

  /**
   * Deactivation also moves the token epoch on, so the account's tokens are refused at once and no
   * earlier token returns with a reactivation.
   */
  void setActive(Handle h, UUID id, boolean active, Instant now) {
    h.createUpdate(
            "update "
                + table
                + " set status = :status, deactivated_at = :deactivated,"
                + " updated_at = :now, token_epoch = token_epoch + :move where id = :id")
        .bind("move", active ? 0 : 1)
        .bind("status", active ? "active" : "deactivated")
        .bind("deactivated", active ? null : now)
        .bind("now", now)
        .bind("id", id)
        .execute();
  }
}
