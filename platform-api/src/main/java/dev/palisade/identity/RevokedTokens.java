package dev.palisade.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code revoked_tokens} table, in the install database (install admins' tokens) and in each
 * organization's database (its members' tokens): ids of signed-out tokens, each kept until the
 * token's own expiry (and {@link #MARGIN} more, for clocks of several instances that differ a
 * little), after which the signature check refuses the token anyway.
 */
final class RevokedTokens {
  static final Duration MARGIN = Duration.ofMinutes(5);

  /** The condition that the caller's query adds, with {@code :jti} bound to the token's id. */
  static final String NOT_REVOKED =
      " and not exists (select 1 from revoked_tokens where jti = :jti)";

  private RevokedTokens() {}

  /**
   * Revokes a token id until {@code expiresAt} and prunes the ids whose tokens have expired. False
   * when the id was already revoked (a sign-out of the same token that got there first).
   */
  static boolean revoke(Handle h, UUID jti, Instant expiresAt, Instant now) {
    h.createUpdate("delete from revoked_tokens where expires_at <= :now")
        .bind("now", now.minus(MARGIN))
        .execute();
    return h.createUpdate(
                "insert into revoked_tokens (jti, expires_at) values (:jti, :expires)"
                    + " on conflict (jti) do nothing")
            .bind("jti", jti)
            .bind("expires", expiresAt)
            .execute()
        == 1;
  }
}
