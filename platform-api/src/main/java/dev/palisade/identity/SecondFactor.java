package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditText;
import dev.palisade.crypto.Totp;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Checks a code of an account's active second factor: a TOTP code (one step of drift either way) or
 * a recovery code. A check is counted like a password check ({@link AccountStore#reserveAttempt}
 * before the code is looked at), so wrong codes lead to the same lockout as wrong passwords and
 * concurrent guesses cannot exceed {@code max-failed-attempts}. A matching code is used up only by
 * {@link #consume}, one guarded update, so a code is accepted once across all instances.
 */
@Singleton
final class SecondFactor {
  private static final Pattern TOTP_CODE = Pattern.compile("[0-9]{" + Totp.DIGITS + "}");

  private final Databases databases;
  private final TotpSecrets secrets;
  private final AuditLog audit;
  private final Lockout lockout;
  private final IdentityConfig config;
  private final Clock clock;

  SecondFactor(
      Databases databases,
      TotpSecrets secrets,
      AuditLog audit,
      Lockout lockout,
      IdentityConfig config,
      Clock clock) {
    this.databases = databases;
    this.secrets = secrets;
    this.audit = audit;
    this.lockout = lockout;
    this.config = config;
    this.clock = clock;
  }

  /** What a code matched: a TOTP time step, or the hash of a recovery code. */
  record Match(boolean recovery, long step, byte[] hash) {}

  /** A matching code whose check was reservation {@code attempt} of the lockout window. */
  record Checked(Match match, int attempt) {}

  /** A typed code: required, at most {@value RecoveryCodes#TYPED_MAX} characters, no controls. */
  static String typed(String field, String code) {
    return AuditText.required(field, code, RecoveryCodes.TYPED_MAX);
  }

  /** Whether {@code code} has the form of a TOTP code. */
  static boolean looksLikeTotp(String code) {
    return TOTP_CODE.matcher(code).matches();
  }

  /**
   * Checks {@code code}, counted. A locked account or a wrong code is recorded ({@code
   * auth.mfa_failed}, or {@code auth.locked_out} for the check that locks) and answered with {@code
   * refusal}.
   */
  Checked check(Scope chain, Account account, String code, Supplier<PlatformException> refusal) {
    AccountStore store = AccountStore.of(chain);
    Instant now = clock.instant();
    OptionalInt attempt =
        databases.inTransaction(
            chain, h -> store.reserveAttempt(h, account.id(), config.maxFailedAttempts(), now));
    if (attempt.isEmpty()) {
      audit.record(chain, failed(chain, account, "account locked"));
      throw refusal.get();
    }
    Optional<Match> match = match(chain, account.id(), code, now);
    if (match.isEmpty()) {
      throw failure(chain, account, attempt.getAsInt(), "wrong code", refusal);
    }
    return new Checked(match.get(), attempt.getAsInt());
  }

  /**
   * Records a failed code check that was reservation {@code attempt}, locking the account when it
   * was the last of the window, and returns {@code refusal}'s exception to throw.
   */
  PlatformException failure(
      Scope chain,
      Account account,
      int attempt,
      String reason,
      Supplier<PlatformException> refusal) {
    lockout.failed(chain, account, actor(chain, account), attempt, failed(chain, account, reason));
    return refusal.get();
  }

  /** Uses up a match inside {@code h}; false when the code (or a later one) was used meanwhile. */
  static boolean consume(Handle h, UUID account, Match m, Instant now) {
    return m.recovery()
        ? MfaStore.useRecoveryCode(h, account, m.hash(), now)
        : MfaStore.acceptStep(h, account, m.step());
  }

  private Optional<Match> match(Scope chain, UUID account, String code, Instant now) {
    Optional<MfaStore.Row> row =
        databases.read(chain, h -> MfaStore.find(h, account)).filter(MfaStore.Row::active);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    if (looksLikeTotp(code)) {
      byte[] secret = secrets.open(chain, account, row.get());
      try {
        OptionalLong step = Totp.match(secret, code, now);
        return step.isPresent()
            ? Optional.of(new Match(false, step.getAsLong(), null))
            : Optional.empty();
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    String normalized = RecoveryCodes.normalize(code);
    if (normalized == null) {
      return Optional.empty();
    }
    byte[] given = RecoveryCodes.hash(account, normalized);
    byte[] found = null;
    for (byte[] stored : databases.read(chain, h -> MfaStore.unusedRecoveryCodes(h, account))) {
      if (MessageDigest.isEqual(stored, given) && found == null) {
        found = stored;
      }
    }
    return found == null ? Optional.empty() : Optional.of(new Match(true, 0, found));
  }

  static String actor(Scope chain, Account account) {
    return (chain.isInstall() ? "install-admin:" : "member:") + account.id();
  }

  static AuditEvent failed(Scope chain, Account account, String reason) {
    return AuditEvent.by("user", actor(chain, account))
        .subject("account", account.id())
        .reason(reason)
        .action("auth.mfa_failed");
  }
}
