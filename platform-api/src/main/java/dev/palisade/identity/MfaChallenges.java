package dev.palisade.identity;

import dev.palisade.crypto.Hashes;
import dev.palisade.crypto.Tokens;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code mfa_challenges} table of the install database: what a right password earns when the
 * account has a second factor. A challenge is 32 random bytes (returned once, stored as a SHA-256
 * hash), bound to one account of one organization (or the install), valid for {@link #TTL} and
 * completed at most once.
 */
@Singleton
final class MfaChallenges {
  static final Duration TTL = Duration.ofMinutes(5);
  private static final String PREFIX = "mfa_";

  private final Jdbi install;

  MfaChallenges(Databases databases) {
    this.install = databases.install();
  }

  /** A stored challenge; {@code orgId} is null for an install admin. */
  record Challenge(byte[] hash, UUID orgId, UUID accountId, Instant expiresAt, boolean completed) {
    boolean usable(Instant now) {
      return !completed && expiresAt.isAfter(now);
    }
  }

  /** Issues a challenge and drops challenges that ran out more than a TTL ago. */
  String issue(UUID orgId, UUID accountId, Instant now) {
    String token = PREFIX + Tokens.random(32);
    install.useTransaction(
        h -> {
          h.createUpdate("delete from mfa_challenges where expires_at < :before")
              .bind("before", now.minus(TTL))
              .execute();
          h.createUpdate(
                  "insert into mfa_challenges (token_hash, org_id, account_id, expires_at)"
                      + " values (:hash, :org, :account, :expires)")
              .bind("hash", Hashes.sha256(token))
              .bind("org", orgId)
              .bind("account", accountId)
              .bind("expires", now.plus(TTL))
              .execute();
        });
    return token;
  }

  Optional<Challenge> find(String token) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select token_hash, org_id, account_id, expires_at, completed_at is not null"
                        + " from mfa_challenges where token_hash = :hash")
                .bind("hash", Hashes.sha256(token))
                .map(
                    (rs, ctx) ->
                        new Challenge(
                            rs.getBytes(1),
                            rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class),
                            rs.getTimestamp(4).toInstant(),
                            rs.getBoolean(5)))
                .findOne());
  }

  /** Completes the challenge if it is still open and unexpired; at most one caller gets true. */
  boolean complete(Challenge c, Instant now) {
    return install.withHandle(
            h ->
                h.createUpdate(
                        "update mfa_challenges set completed_at = :now where token_hash = :hash"
                            + " and completed_at is null and expires_at > :now")
                    .bind("hash", c.hash())
                    .bind("now", now)
                    .execute())
        == 1;
  }
}
