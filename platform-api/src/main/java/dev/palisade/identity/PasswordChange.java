package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organizations;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signed-in account changes its own password. The current password is checked as at sign-in:
 * under the hashing limit and only after a check has been reserved in the account's row, so a wrong
 * current password counts towards the lockout and a locked account checks nothing. The change moves
 * the token epoch on, which ends every token of the account, the presented one included; the answer
 * carries a fresh token.
 */
@Singleton
public final class PasswordChange {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordChange.class);

  private final Databases databases;
  private final Organizations organizations;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final IdentityConfig config;
  private final AccessTokens tokens;
  private final Lockout lockout;
  private final AuditLog audit;
  private final Clock clock;

  PasswordChange(
      Databases databases,
      Organizations organizations,
      PasswordHasher hasher,
      PasswordPolicy policy,
      IdentityConfig config,
      AccessTokens tokens,
      Lockout lockout,
      AuditLog audit,
      Clock clock) {
    this.databases = databases;
    this.organizations = organizations;
    this.hasher = hasher;
    this.policy = policy;
    this.config = config;
    this.tokens = tokens;
    this.lockout = lockout;
    this.audit = audit;
    this.clock = clock;
  }

  public SignIn.AccessToken change(Caller caller, String currentPassword, String newPassword) {
    if (currentPassword == null || currentPassword.isEmpty()) {
      throw PlatformException.invalidField("currentPassword", "is required");
    }
    char[] current = Credentials.password("currentPassword", currentPassword);
    char[] next = policy.check("newPassword", newPassword, caller.email());
    AccountScope scope = AccountScope.of(caller, organizations);
    AccountStore store = scope.store();
    Account account =
        databases
            .read(scope.chain(), h -> store.findById(h, caller.id(), false))
            .orElseThrow(
                () -> new PlatformException(ErrorCode.UNAUTHENTICATED, "token is no longer valid"));
    Instant now = clock.instant();
    int max = config.maxFailedAttempts();
    OptionalInt[] reserved = {OptionalInt.empty()};
    boolean matches =
        hasher.verifyOnceAdmitted(
            current,
            () -> {
              reserved[0] =
                  databases.inTransaction(
                      scope.chain(), h -> store.reserveAttempt(h, account.id(), max, now));
              return reserved[0].isPresent() ? account.passwordHash() : null;
            });
    if (reserved[0].isEmpty()) {
      audit.record(scope.chain(), failed(caller, "account locked"));
      throw wrongCurrent();
    }
    if (!matches) {
      lockout.failed(
          scope.chain(),
          account,
          caller.actor(),
          reserved[0].getAsInt(),
          failed(caller, "wrong current password"));
      throw wrongCurrent();
    }
    String hash = hasher.hash(next);
    int epoch =
        audit.change(
            scope.chain(),
            h -> {
              store.recordSuccess(h, account.id());
              return store.setPassword(h, account.id(), hash, clock.instant(), false);
            },
            e ->
                AuditEvent.by("user", caller.actor())
                    .subject("account", account.id())
                    .action("password.changed"));
    LOG.info("{} changed its password; its earlier tokens are ended", caller.actor());
    return tokens.issue(caller, epoch);
  }

  private static AuditEvent failed(Caller caller, String reason) {
    return AuditEvent.by("user", caller.actor())
        .subject("account", caller.id())
        .reason(reason)
        .action("password.change_failed");
  }

  private static PlatformException wrongCurrent() {
    return PlatformException.invalidField("currentPassword", "is not the account's password");
  }
}
