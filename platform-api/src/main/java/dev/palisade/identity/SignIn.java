package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditText;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.OrgSlug;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Password sign-in with lockout. Unknown accounts, wrong passwords, locked and deactivated accounts
 * all get the same answer after the same amount of work, so the answer reveals nothing. Every
 * attempt is recorded in the audit chain of the organization (or of the install for install
 * admins), in the same transaction as the lock it may set.
 *
 * <p>A password is checked only after a check has been reserved in the database ({@link
 * AccountStore#reserveAttempt}), so sign-ins for one account that arrive together get at most
 * {@code max-failed-attempts} checks per lockout window; the others are answered as for a locked
 * account, after a hash of a dummy value. The reservation is made once a hashing slot is held, so a
 * sign-in refused with 503 for want of one counts nothing.
 */
@Singleton
public final class SignIn {

  private final Databases databases;
  private final Organizations organizations;
  private final PasswordHasher hasher;
  private final IdentityConfig config;
  private final AccessTokens tokens;
  private final AuditLog audit;
  private final Lockout lockout;
  private final MfaChallenges challenges;
  private final Clock clock;

  SignIn(
      Databases databases,
      Organizations organizations,
      PasswordHasher hasher,
      IdentityConfig config,
      AccessTokens tokens,
      AuditLog audit,
      Lockout lockout,
      MfaChallenges challenges,
      Clock clock) {
    this.databases = databases;
    this.organizations = organizations;
    this.hasher = hasher;
    this.config = config;
    this.tokens = tokens;
    this.audit = audit;
    this.lockout = lockout;
    this.challenges = challenges;
    this.clock = clock;
  }

  /** What a right password earns: a token, or a challenge when the account has a second factor. */
  public sealed interface Result permits AccessToken, MfaChallenge {}

  /** An issued access token. */
  public record AccessToken(String accessToken, String tokenType, long expiresIn)
      implements Result {}

  /** The second step of a sign-in: finish it with the challenge and a code within expiresIn s. */
  public record MfaChallenge(boolean mfaRequired, String challenge, long expiresIn)
      implements Result {
    @Override
    public String toString() {
      return "MfaChallenge[***]";
    }
  }

  /**
   * Signs in. What was typed is checked for size first (e-mail at most {@value
   * Credentials#EMAIL_MAX} characters, organization {@value OrgSlug#MAX_LENGTH}, password {@value
   * IdentityConfig#PASSWORD_MAX_LENGTH}; a 422 naming the field otherwise), so the audit entry of a
   * failed attempt records a bounded form of it.
   */
  public Result signIn(String emailIn, String password, String orgSlug) {
    if (emailIn == null || password == null) {
      throw invalid();
    }
    String email = AuditText.required("email", emailIn, Credentials.EMAIL_MAX);
    char[] pw = Credentials.password("password", password);
    if (orgSlug == null) {
      return attempt(Scope.install(), AccountStore.INSTALL_ADMINS, email, pw);
    }
    String slug = AuditText.optional("org", orgSlug, OrgSlug.MAX_LENGTH);
    Optional<Organization> org =
        slug == null || !OrgSlug.isValid(slug) ? Optional.empty() : organizations.findBySlug(slug);
    if (org.isEmpty()) {
      unknownOrganization(email, slug, pw);
    }
    return attempt(Scope.of(org.get()), AccountStore.MEMBERS, email, pw);
  }

  /**
   * The same work as an unknown account of a known organization (a dummy hash and an audit entry,
   * here in the install's chain), so that the answer's timing does not tell which it was.
   */
  private void unknownOrganization(String email, String slug, char[] pw) {
    hasher.verifyDummy(pw);
    audit.record(
        Scope.install(),
        AuditEvent.by("user", "anonymous")
            .subject("organization", null)
            .reason("unknown organization")
            .sealed(Map.of("email", email, "org", slug == null ? "" : slug))
            .action("auth.sign_in_failed"));
    throw invalid();
  }

  private Result attempt(Scope chain, AccountStore store, String email, char[] pw) {
    Optional<Account> found = databases.read(chain, h -> store.findByEmail(h, email));
    if (found.isEmpty()) {
      hasher.verifyDummy(pw);
      audit.record(
          chain,
          AuditEvent.by("user", "anonymous")
              .subject("account", null)
              .reason("unknown account")
              .sealed(Map.of("email", email))
              .action("auth.sign_in_failed"));
      throw invalid();
    }
    Account account = found.get();
    String actor = prefix(chain) + account.id();
    Instant now = clock.instant();
    int max = config.maxFailedAttempts();
    OptionalInt[] reserved = {OptionalInt.empty()};
    boolean matches =
        hasher.verifyOnceAdmitted(
            pw,
            () -> {
              reserved[0] =
                  databases.inTransaction(
                      chain, h -> store.reserveAttempt(h, account.id(), max, now));
              return reserved[0].isPresent() ? account.passwordHash() : null;
            });
    OptionalInt attempt = reserved[0];
    if (attempt.isEmpty()) {
      audit.record(chain, failed(actor, account, "account locked"));
      throw invalid();
    }
    if (!matches) {
      lockout.failed(
          chain, account, actor, attempt.getAsInt(), failed(actor, account, "wrong password"));
      throw invalid();
    }
    if (!account.active()) {
      audit.record(chain, failed(actor, account, "account deactivated"));
      throw invalid();
    }
    boolean mfa = databases.read(chain, h -> MfaStore.isActive(h, account.id()));
    if (mfa) {
      return challenge(chain, store, account, actor);
    }
    return succeed(chain, account, Map.of());
  }

  /**
   * The password was right and the account has a second factor: the reserved check is released (it
   * no longer counts, but the window goes on) and a challenge is issued.
   */
  private MfaChallenge challenge(Scope chain, AccountStore store, Account account, String actor) {
    audit.change(
        chain,
        h -> {
          store.releaseAttempt(h, account.id());
          return null;
        },
        r ->
            AuditEvent.by("user", actor)
                .subject("account", account.id())
                .action("auth.mfa_challenged"));
    UUID org = chain.orgId().orElse(null);
    String token = challenges.issue(org, account.id(), clock.instant());
    return new MfaChallenge(true, token, MfaChallenges.TTL.toSeconds());
  }

  /**
   * Ends a sign-in whose checks all passed: a new lockout window, {@code auth.signed_in} (with
   * {@code method} and the like as public metadata) and a token.
   */
  AccessToken succeed(Scope chain, Account account, Map<String, Object> metadata) {
    AccountStore store = AccountStore.of(chain);
    audit.change(
        chain,
        h -> {
          store.recordSuccess(h, account.id());
          return null;
        },
        r ->
            AuditEvent.by("user", prefix(chain) + account.id())
                .subject("account", account.id())
                .publicMetadata(metadata)
                .action("auth.signed_in"));
    return chain.isInstall()
        ? tokens.issue(account.id(), null, null, account.tokenEpoch())
        : tokens.issue(account.id(), chain.org().id(), account.role(), account.tokenEpoch());
  }

  private static String prefix(Scope chain) {
    return chain.isInstall() ? "install-admin:" : "member:";
  }

  private static AuditEvent failed(String actor, Account account, String reason) {
    return AuditEvent.by("user", actor)
        .subject("account", account.id())
        .reason(reason)
        .action("auth.sign_in_failed");
  }

  private static PlatformException invalid() {
    return new PlatformException(ErrorCode.INVALID_CREDENTIALS, "invalid credentials");
  }
}
