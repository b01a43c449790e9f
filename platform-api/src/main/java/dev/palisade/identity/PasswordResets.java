package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.crypto.Hashes;
import dev.palisade.crypto.Tokens;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time password resets. An admin issues a token for an account ({@link #issue}); whoever holds
 * it sets a new password once ({@link #reset}) within {@code password-reset-ttl}. A member's token
 * names its organization the way an invitation does ({@code pwr_<organization id in
 * hex>_<random>}), an install admin's is {@code pwi_<random>}, so the anonymous call finds the one
 * database to look in without scanning; the token is stored only as SHA-256. A newer token
 * supersedes older ones; a reset ends a lockout and moves the token epoch on.
 */
@Singleton
public final class PasswordResets {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);
  private static final String MEMBER_PREFIX = "pwr_";
  private static final String INSTALL_PREFIX = "pwi_";

  private final Databases databases;
  private final Organizations organizations;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final IdentityConfig config;
  private final AuditLog audit;
  private final Clock clock;

  PasswordResets(
      Databases databases,
      Organizations organizations,
      PasswordHasher hasher,
      PasswordPolicy policy,
      IdentityConfig config,
      AuditLog audit,
      Clock clock) {
    this.databases = databases;
    this.organizations = organizations;
    this.hasher = hasher;
    this.policy = policy;
    this.config = config;
    this.audit = audit;
    this.clock = clock;
  }

  /** Issues a reset for a member of {@code org}; 404 when there is no such member. */
  public ResetToken issue(Organization org, Caller by, UUID memberId, String reason) {
    String token = OrgTokens.issue(MEMBER_PREFIX, org.id());
    return issue(AccountScope.of(Scope.of(org)), by, memberId, reason, token);
  }

  /** Issues a reset for an install admin; 404 when there is no such admin. */
  public ResetToken issueForInstallAdmin(Caller by, UUID adminId, String reason) {
    String token = INSTALL_PREFIX + Tokens.random(32);
    return issue(AccountScope.of(Scope.install()), by, adminId, reason, token);
  }

  private ResetToken issue(
      AccountScope scope, Caller by, UUID accountId, String reasonIn, String token) {
    String reason = Credentials.reason("reason", reasonIn, true);
    Instant now = clock.instant();
    Instant expires = now.plus(config.passwordResetTtl()).truncatedTo(ChronoUnit.MICROS);
    UUID id = UUID.randomUUID();
    int superseded =
        audit.change(
            scope.chain(),
            h -> {
              scope
                  .store()
                  .findById(h, accountId, true)
                  .orElseThrow(
                      () ->
                          new PlatformException(
                              ErrorCode.NOT_FOUND, scope.subjectType() + " not found"));
              int older = ResetTokens.supersede(h, accountId, now);
              ResetTokens.insert(h, id, accountId, Hashes.sha256(token), by.actor(), expires);
              return older;
            },
            older ->
                AuditEvent.by("user", by.actor())
                    .subject(scope.subjectType(), accountId)
                    .reason(reason)
                    .publicMetadata(Map.of("expiresAt", expires.toString(), "superseded", older))
                    .action("password.reset_issued"));
    LOG.info(
        "password reset {} issued for {} by {}; {} older superseded",
        id,
        scope.actor(accountId),
        by.actor(),
        superseded);
    return new ResetToken(token, expires);
  }

  /**
   * Sets a new password with a reset token, once. Cheap checks come first (the token's form, the
   * password policy, the reset open in its database); the password is hashed last, under the
   * hashing limit, and the transaction uses the token atomically. An unknown, expired, superseded
   * or used token gets {@code 404 invalid-reset-token}.
   */
  public void reset(String token, String newPassword) {
    Credentials.token("token", token);
    char[] pw = policy.check("newPassword", newPassword, null);
    AccountScope scope = route(token).orElseThrow(PasswordResets::invalid);
    byte[] tokenHash = Hashes.sha256(token);
    Account account =
        databases
            .read(
                scope.chain(),
                h ->
                    ResetTokens.findOpen(h, tokenHash, clock.instant())
                        .flatMap(id -> scope.store().findById(h, id, false)))
            .orElseThrow(PasswordResets::invalid);
    policy.refuseEmail("newPassword", newPassword, account.email());
    String hash = hasher.hash(pw);
    UUID changed =
        audit.change(
            scope.chain(),
            h -> {
              Instant now = clock.instant();
              UUID id = ResetTokens.use(h, tokenHash, now).orElseThrow(PasswordResets::invalid);
              scope.store().setPassword(h, id, hash, now, true);
              return id;
            },
            id ->
                AuditEvent.by("user", scope.actor(id))
                    .subject(scope.subjectType(), id)
                    .action("password.reset"));
    LOG.info("{} set a new password with a reset token", scope.actor(changed));
  }

  private Optional<AccountScope> route(String token) {
    if (token.startsWith(INSTALL_PREFIX)) {
      return Optional.of(AccountScope.of(Scope.install()));
    }
    return OrgTokens.orgOf(MEMBER_PREFIX, token)
        .flatMap(organizations::findById)
        .map(org -> AccountScope.of(Scope.of(org)));
  }

  private static PlatformException invalid() {
    return new PlatformException(ErrorCode.INVALID_RESET_TOKEN, "invalid or expired reset token");
  }
}
