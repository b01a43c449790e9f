package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The second step of a sign-in: a challenge from {@link SignIn} and a code. Each failure is
 * answered {@code 401 invalid-credentials}, whatever it was (unknown, expired or used challenge,
 * wrong or reused code, locked account). The steps, each atomic: the code is checked (counted
 * towards the lockout), used up (a TOTP time step or a recovery code, once), the challenge
 * completed (once), and only then is the sign-in recorded and a token issued.
 */
@Singleton
public final class MfaSignIn {
  private final Databases databases;
  private final Organizations organizations;
  private final MfaChallenges challenges;
  private final SecondFactor factor;
  private final SignIn signIn;
  private final AuditLog audit;
  private final Clock clock;

  MfaSignIn(
      Databases databases,
      Organizations organizations,
      MfaChallenges challenges,
      SecondFactor factor,
      SignIn signIn,
      AuditLog audit,
      Clock clock) {
    this.databases = databases;
    this.organizations = organizations;
    this.challenges = challenges;
    this.factor = factor;
    this.signIn = signIn;
    this.audit = audit;
    this.clock = clock;
  }

  public SignIn.AccessToken finish(String challengeIn, String codeIn) {
    String token = Credentials.token("challenge", challengeIn);
    String code = SecondFactor.typed("code", codeIn);
    MfaChallenges.Challenge c = challenges.find(token).orElseThrow(MfaSignIn::invalid);
    Scope chain = scopeOf(c).orElseThrow(MfaSignIn::invalid);
    AccountStore store = AccountStore.of(chain);
    Account account =
        databases
            .read(chain, h -> store.findById(h, c.accountId()))
            .orElseThrow(MfaSignIn::invalid);
    if (!c.usable(clock.instant())) {
      audit.record(
          chain,
          SecondFactor.failed(
              chain, account, c.completed() ? "challenge already used" : "challenge expired"));
      throw invalid();
    }
    if (!account.active()) {
      audit.record(chain, SecondFactor.failed(chain, account, "account deactivated"));
      throw invalid();
    }
    SecondFactor.Checked checked = factor.check(chain, account, code, MfaSignIn::invalid);
    Instant now = clock.instant();
    boolean used =
        checked.match().recovery()
            ? useRecoveryCode(chain, account, checked.match(), now)
            : databases.inTransaction(
                chain, h -> SecondFactor.consume(h, account.id(), checked.match(), now));
    if (!used) {
      throw factor.failure(
          chain, account, checked.attempt(), "code already used", MfaSignIn::invalid);
    }
    if (!challenges.complete(c, now)) {
      audit.record(chain, SecondFactor.failed(chain, account, "challenge already used"));
      throw invalid();
    }
    return signIn.succeed(
        chain, account, Map.of("mfa", checked.match().recovery() ? "recovery-code" : "totp"));
  }

  /** Uses the recovery code and records {@code mfa.recovery_code_used} together. */
  private boolean useRecoveryCode(
      Scope chain, Account account, SecondFactor.Match match, Instant now) {
    try {
      audit.change(
          chain,
          h -> {
            if (!SecondFactor.consume(h, account.id(), match, now)) {
              throw new PlatformException(ErrorCode.CONFLICT, "recovery code already used");
            }
            return MfaStore.remainingRecoveryCodes(h, account.id());
          },
          left ->
              AuditEvent.by("user", SecondFactor.actor(chain, account))
                  .subject("account", account.id())
                  .publicMetadata(Map.of("recoveryCodesLeft", left))
                  .action("mfa.recovery_code_used"));
      return true;
    } catch (PlatformException e) {
      if (e.errorCode() == ErrorCode.CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  private Optional<Scope> scopeOf(MfaChallenges.Challenge c) {
    if (c.orgId() == null) {
      return Optional.of(Scope.install());
    }
    return organizations.findById(c.orgId()).map(Scope::of);
  }

  private static PlatformException invalid() {
    return new PlatformException(ErrorCode.INVALID_CREDENTIALS, "invalid credentials");
  }
}
