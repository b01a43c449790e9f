package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organizations;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the presented token at once: its id goes into the {@code revoked_tokens} table of the
 * account's database until the token's own expiry, and {@link AccessControl} refuses it from then
 * on on every instance, in the query that already re-reads the account. Recorded as {@code
 * auth.signed_out} in the account's chain, in the same transaction.
 */
@Singleton
public final class SignOut {
  private static final Logger LOG = LoggerFactory.getLogger(SignOut.class);

  private final AccessControl access;
  private final Organizations organizations;
  private final AuditLog audit;
  private final Clock clock;

  SignOut(AccessControl access, Organizations organizations, AuditLog audit, Clock clock) {
    this.access = access;
    this.organizations = organizations;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Signs out the token of {@code auth}; a token already signed out is refused with 401. Allowed
   * also while a second-factor policy still requires the caller to enrol.
   */
  public void signOut(Authentication auth) {
    Caller caller = access.self(auth).caller();
    UUID jti = TokenClaims.jti(auth);
    Instant expires = TokenClaims.expiry(auth);
    if (expires == null) {
      throw revoked();
    }
    AccountScope account = AccountScope.of(caller, organizations);
    audit.change(
        account.chain(),
        h -> {
          if (!RevokedTokens.revoke(h, jti, expires, clock.instant())) {
            throw revoked();
          }
          return jti;
        },
        id ->
            AuditEvent.by("user", caller.actor())
                .subject("account", caller.id())
                .action("auth.signed_out"));
    LOG.info("{} signed out", caller.actor());
  }

  private static PlatformException revoked() {
    return new PlatformException(ErrorCode.UNAUTHENTICATED, "token is no longer valid");
  }
}
