package dev.palisade.audit;

import dev.palisade.tenancy.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Set;

/**
 * Series read from committed audit entries, for signals that are otherwise only in the audit log:
 * {@code palisade_audit_appends_total{scope_type}}, {@code
 * palisade_auth_failures_total{scope_type,reason}} (failed sign-ins and second-factor checks; the
 * check that locks an account counts with {@code reason="locked_out"}) and {@code
 * palisade_lockouts_total{scope_type}}. {@code reason} comes from a fixed list ({@link #REASONS}),
 * anything else is {@code other}; no label names an organization or an account.
 */
@Singleton
final class AuditMetrics {
  static final Set<String> REASONS =
      Set.of(
          "unknown_organization",
          "unknown_account",
          "wrong_password",
          "wrong_code",
          "account_locked",
          "account_deactivated",
          "code_already_used",
          "challenge_already_used",
          "locked_out");

  private final MeterRegistry registry;

  AuditMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String scope : new String[] {"install", "org"}) {
      appends(scope);
      failures(scope, "wrong_password");
      lockouts(scope);
    }
  }

  /** Called once per entry after its commit. */
  void committed(Scope scope, AuditEntry entry) {
    String scopeType = scope.isInstall() ? "install" : "org";
    appends(scopeType).increment();
    switch (entry.action()) {
      case "auth.sign_in_failed", "auth.mfa_failed" ->
          failures(scopeType, reason(entry.reason())).increment();
      case "auth.locked_out" -> {
        failures(scopeType, "locked_out").increment();
        lockouts(scopeType).increment();
      }
      default -> {}
    }
  }

  static String reason(String text) {
    if (text == null) {
      return "other";
    }
    String key = text.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    return REASONS.contains(key) ? key : "other";
  }

  private Counter appends(String scopeType) {
    return Counter.builder("palisade.audit.appends")
        .description("Audit entries committed, by chain scope")
        .tag("scope_type", scopeType)
        .register(registry);
  }

  private Counter failures(String scopeType, String reason) {
    return Counter.builder("palisade.auth.failures")
        .description("Failed sign-ins and second-factor checks, from the audit log")
        .tag("scope_type", scopeType)
        .tag("reason", reason)
        .register(registry);
  }

  private Counter lockouts(String scopeType) {
    return Counter.builder("palisade.lockouts")
        .description("Accounts locked after too many failed checks, from the audit log")
        .tag("scope_type", scopeType)
        .register(registry);
  }
}
