package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a failed check (a password or a second-factor code) that was reserved with {@link
 * AccountStore#reserveAttempt}: locks the account when it was the last check of the window, in the
 * same transaction as the audit entry that records the failure.
 */
@Singleton
final class Lockout {
  private static final Logger LOG = LoggerFactory.getLogger(Lockout.class);

  private final AuditLog audit;
  private final IdentityConfig config;
  private final Clock clock;

  Lockout(AuditLog audit, IdentityConfig config, Clock clock) {
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Records failed check number {@code attempt}: {@code auth.locked_out} when it locks the account,
   * {@code notLocked} otherwise.
   */
  void failed(Scope chain, Account account, String actor, int attempt, AuditEvent notLocked) {
    AccountStore store = AccountStore.of(chain);
    int max = config.maxFailedAttempts();
    Instant until = clock.instant().plus(config.lockoutDuration());
    boolean locked =
        audit.change(
            chain,
            h -> store.lockIfLast(h, account.id(), attempt, max, until),
            lockedNow ->
                lockedNow
                    ? AuditEvent.by("user", actor)
                        .subject("account", account.id())
                        .reason(max + " failed sign-ins; locked for " + config.lockoutDuration())
                        .action("auth.locked_out")
                    : notLocked);
    if (locked) {
      LOG.warn(
          "account {} locked for {} after {} failed sign-ins",
          account.id(),
          config.lockoutDuration(),
          max);
    }
  }
}
