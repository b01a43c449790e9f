package dev.palisade.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The {@code invitations} table of an organization's database; tokens are stored as SHA-256. */
final class Invitations {
  private Invitations() {}

  /** An invitation that can still be accepted. */
  record Open(UUID id, String email, Role role) {}

  static void insert(Handle h, Invitation inv, byte[] tokenHash, String invitedBy) {
    h.createUpdate(
            "insert into invitations (id, email, role, token_hash, invited_by, expires_at)"
                + " values (:id, :email, :role, :tokenHash, :invitedBy, :expiresAt)")
        .bind("id", inv.id())
        .bind("email", inv.email())
        .bind("role", inv.role())
        .bind("tokenHash", tokenHash)
        .bind("invitedBy", invitedBy)
        .bind("expiresAt", inv.expiresAt())
        .execute();
  }

  /** The open invitation with this token hash, locked for the caller's transaction if asked. */
  static Optional<Open> findOpen(Handle h, byte[] tokenHash, Instant now, boolean forUpdate) {
    return h.createQuery(
            "select id, email, role from invitations where token_hash = :hash"
                + " and accepted_at is null and expires_at > :now"
                + (forUpdate ? " for update" : ""))
        .bind("hash", tokenHash)
        .bind("now", now)
        .map(
            (rs, ctx) ->
                new Open(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    Role.parse(rs.getString(3)).orElseThrow()))
        .findOne();
  }

  static void accepted(Handle h, UUID id, UUID memberId, Instant now) {
    h.createUpdate("update invitations set accepted_at = :now, member_id = :member where id = :id")
        .bind("now", now)
        .bind("member", memberId)
        .bind("id", id)
        .execute();
  }
}
