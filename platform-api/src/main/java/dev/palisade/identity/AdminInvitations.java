package dev.palisade.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The {@code install_admin_invitations} table of the install database; tokens as SHA-256. */
final class AdminInvitations {
  private AdminInvitations() {}

  /** An invitation that can still be accepted. */
  record Open(UUID id, String email) {}

  static void insert(Handle h, AdminInvitation inv, byte[] tokenHash, String invitedBy) {
    h.createUpdate(
            "insert into install_admin_invitations (id, email, token_hash, invited_by, expires_at)"
                + " values (:id, :email, :hash, :by, :expires)")
        .bind("id", inv.id())
        .bind("email", inv.email())
        .bind("hash", tokenHash)
        .bind("by", invitedBy)
        .bind("expires", inv.expiresAt())
        .execute();
  }

  /** The open invitation with this token hash, locked for the caller's transaction if asked. */
  static Optional<Open> findOpen(Handle h, byte[] tokenHash, Instant now, boolean forUpdate) {
    return h.createQuery(
            "select id, email from install_admin_invitations where token_hash = :hash"
                + " and accepted_at is null and expires_at > :now"
                + (forUpdate ? " for update" : ""))
        .bind("hash", tokenHash)
        .bind("now", now)
        .map((rs, ctx) -> new Open(rs.getObject(1, UUID.class), rs.getString(2)))
        .findOne();
  }

  static void accepted(Handle h, UUID id, UUID adminId, Instant now) {
    h.createUpdate(
            "update install_admin_invitations set accepted_at = :now, admin_id = :admin"
                + " where id = :id")
        .bind("now", now)
        .bind("admin", adminId)
        .bind("id", id)
        .execute();
  }
}
