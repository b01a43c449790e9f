package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.crypto.Base32;
import dev.palisade.crypto.Totp;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's own second factor (TOTP): enrolment, confirmation, disabling, and its reset by an
 * administrator. The secret is returned once, by {@link #enroll}; recovery codes once, by {@link
 * #confirm}. Neither is logged, audited or returned again. While a second factor is active a new
 * enrolment is refused: it has to be disabled first (with a current code).
 */
@Singleton
public final class Mfa {
  private static final Logger LOG = LoggerFactory.getLogger(Mfa.class);
  static final String ISSUER = "Palisade";

  private final Databases databases;
  private final TotpSecrets secrets;
  private final SecondFactor factor;
  private final MfaPolicy policy;
  private final AuditLog audit;
  private final Clock clock;

  Mfa(
      Databases databases,
      TotpSecrets secrets,
      SecondFactor factor,
      MfaPolicy policy,
      AuditLog audit,
      Clock clock) {
    this.databases = databases;
    this.secrets = secrets;
    this.factor = factor;
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
  }

  /** A new secret, shown once: as Base32 and as the URI authenticator apps scan. */
  public record Enrollment(String secret, String otpauthUri) {
    @Override
    public String toString() {
      return "Enrollment[***]";
    }
  }

  /** The recovery codes of a confirmed enrolment, shown once. */
  public record RecoveryCodeList(List<String> recoveryCodes) {
    @Override
    public String toString() {
      return "RecoveryCodeList[***]";
    }
  }

  /** What an account may know about its own second factor. */
  public record Status(boolean enabled, boolean pending, boolean required, int recoveryCodesLeft) {}

  public Status status(Caller caller, Organization org) {
    Scope scope = scope(org);
    return databases.read(
        scope,
        h ->
            MfaStore.find(h, caller.id())
                .map(
                    r ->
                        new Status(
                            r.active(),
                            !r.active(),
                            policy.requires(caller, org),
                            r.active() ? MfaStore.remainingRecoveryCodes(h, caller.id()) : 0))
                .orElse(new Status(false, false, policy.requires(caller, org), 0)));
  }

  public Enrollment enroll(Caller caller, Organization org) {
    Scope scope = scope(org);
    byte[] secret = Totp.newSecret();
    try {
      TotpSecrets.Sealed sealed = secrets.seal(scope, caller.id(), secret);
      Instant now = clock.instant();
      boolean stored =
          databases.inTransaction(
              scope,
              h -> MfaStore.putPending(h, caller.id(), sealed.value(), sealed.keyVersion(), now));
      if (!stored) {
        throw new PlatformException(
            ErrorCode.CONFLICT, "a second factor is already active; disable it first");
      }
      String base32 = Base32.encode(secret);
      return new Enrollment(base32, uri(caller.email(), base32));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  static String uri(String email, String base32) {
    String label = encode(ISSUER + ":" + email);
    return "otpauth://totp/"
        + label
        + "?secret="
        + base32
        + "&issuer="
        + ISSUER
        + "&algorithm=SHA1&digits="
        + Totp.DIGITS
        + "&period="
        + Totp.STEP_SECONDS;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Activates a pending enrolment with a current code; returns the recovery codes, once. */
  public RecoveryCodeList confirm(Caller caller, Organization org, String codeIn) {
    String code = SecondFactor.typed("code", codeIn);
    if (!SecondFactor.looksLikeTotp(code)) {
      throw PlatformException.invalidField("code", "must be the 6-digit code of the authenticator");
    }
    Scope scope = scope(org);
    MfaStore.Row row =
        databases
            .read(scope, h -> MfaStore.find(h, caller.id()))
            .filter(r -> !r.active())
            .orElseThrow(
                () -> new PlatformException(ErrorCode.CONFLICT, "no enrolment is pending"));
    Instant now = clock.instant();
    byte[] secret = secrets.open(scope, caller.id(), row);
    OptionalLong step;
    try {
      step = Totp.match(secret, code, now);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    if (step.isEmpty()) {
      throw PlatformException.invalidField("code", "does not match the enrolled secret");
    }
    List<String> codes = RecoveryCodes.generate();
    List<byte[]> hashes =
        codes.stream()
            .map(c -> RecoveryCodes.hash(caller.id(), RecoveryCodes.normalize(c)))
            .toList();
    audit.change(
        scope,
        h -> {
          if (!MfaStore.activate(h, caller.id(), step.getAsLong(), now)) {
            throw new PlatformException(ErrorCode.CONFLICT, "no enrolment is pending");
          }
          MfaStore.replaceRecoveryCodes(h, caller.id(), hashes);
          return null;
        },
        r -> event(caller.actor(), caller.id()).action("mfa.enrolled"));
    LOG.info("second factor enrolled for {}", caller.actor());
    return new RecoveryCodeList(codes);
  }

  /**
   * Disables the caller's own second factor with a current code (TOTP or recovery code), counted
   * like a sign-in check. Refused while the organization (or, for install admins, the install)
   * requires one.
   */
  public void disable(Caller caller, Organization org, String codeIn) {
    String code = SecondFactor.typed("code", codeIn);
    if (policy.requires(caller, org)) {
      throw new PlatformException(
          ErrorCode.CONFLICT, "a second factor is required here and cannot be disabled");
    }
    Scope scope = scope(org);
    AccountStore store = AccountStore.of(scope);
    Account account = databases.read(scope, h -> store.findById(h, caller.id())).orElseThrow();
    if (!databases.read(scope, h -> MfaStore.isActive(h, caller.id()))) {
      throw new PlatformException(ErrorCode.CONFLICT, "no second factor is active");
    }
    java.util.function.Supplier<PlatformException> wrong =
        () -> PlatformException.invalidField("code", "does not match");
    SecondFactor.Checked checked = factor.check(scope, account, code, wrong);
    Instant now = clock.instant();
    try {
      audit.change(
          scope,
          h -> {
            if (!SecondFactor.consume(h, caller.id(), checked.match(), now)) {
              throw new PlatformException(ErrorCode.CONFLICT, "code already used");
            }
            MfaStore.delete(h, caller.id());
            store.releaseAttempt(h, caller.id());
            return null;
          },
          r -> event(caller.actor(), caller.id()).action("mfa.disabled"));
    } catch (PlatformException e) {
      if (e.errorCode() == ErrorCode.CONFLICT) {
        throw factor.failure(scope, account, checked.attempt(), "code already used", wrong);
      }
      throw e;
    }
    LOG.info("second factor disabled by {}", caller.actor());
  }

  /**
   * Removes another account's second factor and moves its token epoch on (its tokens stop working),
   * with a required reason. {@code org} is null for an install admin's reset.
   */
  public void reset(Caller by, Organization org, UUID account, String reasonIn) {
    String reason = Credentials.reason("reason", reasonIn, true);
    if (by.id().equals(account)) {
      throw new PlatformException(
          ErrorCode.CONFLICT, "your own second factor is disabled with a code, not reset");
    }
    Scope scope = scope(org);
    AccountStore store = AccountStore.of(scope);
    audit.change(
        scope,
        h -> {
          if (store.findById(h, account).isEmpty()) {
            throw new PlatformException(
                ErrorCode.NOT_FOUND, (org == null ? "install admin" : "member") + " not found");
          }
          if (!MfaStore.delete(h, account)) {
            throw new PlatformException(ErrorCode.CONFLICT, "no second factor to reset");
          }
          store.moveTokenEpoch(h, account);
          return null;
        },
        r -> event(by.actor(), account).reason(reason).action("mfa.reset"));
    LOG.info("second factor of account {} reset by {}", account, by.actor());
  }

  private static AuditEvent.Builder event(String actor, UUID account) {
    return AuditEvent.by("user", actor).subject("account", account);
  }

  /** The scope holding the caller's account: the install for install admins. */
  private static Scope scope(Organization org) {
    return org == null ? Scope.install() : Scope.of(org);
  }
}
