package dev.palisade.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code password_resets} table, in the install database (install admins) and in each
 * organization's database (members); tokens are stored as SHA-256.
 */
final class ResetTokens {
  private ResetTokens() {}

  private static final String OPEN =
      " used_at is null and superseded_at is null and expires_at > :now";

  /** Supersedes the open resets of an account; how many. */
  static int supersede(Handle h, UUID accountId, Instant now) {
    return h.createUpdate(
            "update password_resets set superseded_at = :now where account_id = :account and"
                + OPEN)
        .bind("now", now)
        .bind("account", accountId)
        .execute();
  }

  static void insert(
      Handle h, UUID id, UUID accountId, byte[] tokenHash, String issuedBy, Instant expires) {
    h.createUpdate(
            "insert into password_resets (id, account_id, token_hash, issued_by, expires_at)"
                + " values (:id, :account, :hash, :by, :expires)")
        .bind("id", id)
        .bind("account", accountId)
        .bind("hash", tokenHash)
        .bind("by", issuedBy)
        .bind("expires", expires)
        .execute();
  }

  /** The account of the open reset with this token hash, read without a lock. */
  static Optional<UUID> findOpen(Handle h, byte[] tokenHash, Instant now) {
    return h.createQuery(
            "select account_id from password_resets where token_hash = :hash and" + OPEN)
        .bind("hash", tokenHash)
        .bind("now", now)
        .mapTo(UUID.class)
        .findOne();
  }

  /**
   * Uses the reset with this token hash if it is still open, in one statement: of two uses at once
   * (on any instance) exactly one gets the account id, the other waits for its commit and gets
   * none.
   */
  static Optional<UUID> use(Handle h, byte[] tokenHash, Instant now) {
    return h.createQuery(
            "update password_resets set used_at = :now where token_hash = :hash and"
                + OPEN
                + " returning account_id")
        .bind("hash", tokenHash)
        .bind("now", now)
        .mapTo(UUID.class)
        .findOne();
  }
}
