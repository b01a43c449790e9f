package dev.palisade.identity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
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
                + " and accepted_at is null and revoked_at is null and expires_at > :now"
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

  private static final String STATUS =
      "case when accepted_at is not null then 'accepted' when revoked_at is not null then 'revoked'"
          + " when expires_at <= :now then 'expired' else 'pending' end";

  /** A page of invitations in id order, after {@code afterId} (empty for the first page). */
  static List<InvitationView> list(Handle h, String afterId, int limit, Instant now) {
    return h.createQuery(
            "select id, email, role, invited_by, created_at, expires_at, "
                + STATUS
                + " from invitations where id::text > :after order by id::text limit :limit")
        .bind("after", afterId)
        .bind("limit", limit)
        .bind("now", now)
        .map(
            (rs, ctx) ->
                new InvitationView(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getObject(5, OffsetDateTime.class).toInstant(),
                    rs.getObject(6, OffsetDateTime.class).toInstant(),
                    rs.getString(7)))
        .list();
  }

  /** The status of one invitation, its row locked for the caller's transaction. */
  static Optional<String> statusForUpdate(Handle h, UUID id, Instant now) {
    return h.createQuery("select " + STATUS + " from invitations where id = :id for update")
        .bind("id", id)
        .bind("now", now)
        .mapTo(String.class)
        .findOne();
  }

  static void revoke(Handle h, UUID id, String by, Instant now) {
    h.createUpdate("update invitations set revoked_at = :now, revoked_by = :by where id = :id")
        .bind("now", now)
        .bind("by", by)
        .bind("id", id)
        .execute();
  }

  /** Revokes every invitation {@code issuer} issued that could still be accepted; how many. */
  static int revokeIssuedBy(Handle h, String issuer, String by, Instant now) {
    return h.createUpdate(
            "update invitations set revoked_at = :now, revoked_by = :by where invited_by = :issuer"
                + " and accepted_at is null and revoked_at is null and expires_at > :now")
        .bind("now", now)
        .bind("by", by)
        .bind("issuer", issuer)
        .execute();
  }

  static void accepted(Handle h, UUID id, UUID memberId, Instant now) {
    h.createUpdate("update invitations set accepted_at = :now, member_id = :member where id = :id")
        .bind("now", now)
        .bind("member", memberId)
        .bind("id", id)
        .execute();
  }
}
