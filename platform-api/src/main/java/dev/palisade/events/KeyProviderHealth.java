package dev.palisade.events;

import dev.palisade.errors.ErrorType;
import dev.palisade.keys.KeyProviderOutcome;
import dev.palisade.keys.OrgKeyProviders;
import dev.palisade.keys.ProviderCheck;
import dev.palisade.tenancy.Scope;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns key-provider outcomes into security events and incidents. A provider that fails during
 * normal work raises {@code keyProviderUnavailable} (at most once a minute per keyring, so an
 * outage under load does not flood the event store) and opens the {@code keyProviderUnreachable}
 * incident of that keyring; a failed live verification raises {@code
 * keyProviderVerificationFailed}. The next success resolves the incident.
 */
@Singleton
public final class KeyProviderHealth {
  static final Duration EVENT_INTERVAL = Duration.ofMinutes(1);

  private final SecurityEvents events;
  private final Incidents incidents;
  private final Clock clock;
  private final OrgKeyProviders providers;
  private final Map<Scope, Instant> failing = new ConcurrentHashMap<>();
  private volatile ProviderCheck installCheck;

  KeyProviderHealth(
      SecurityEvents events, Incidents incidents, Clock clock, OrgKeyProviders providers) {
    this.events = events;
    this.incidents = incidents;
    this.clock = clock;
    this.providers = providers;
  }

  /**
   * The organization an event about {@code scope}'s provider is shown to: none when the provider is
   * the install's, whose details (address, key, library) are the operator's; the keyring stays in
   * the event's context for install admins.
   */
  private UUID eventOrg(Scope scope) {
    return providers.sharesInstallProvider(scope) ? null : scope.orgId().orElse(null);
  }

  @EventListener
  void on(KeyProviderOutcome outcome) {
    if (outcome.failed()) {
      unavailable(outcome);
    } else if (failing.remove(outcome.scope()) != null) {
      incidents.resolve(Incidents.KEY_PROVIDER_UNREACHABLE, outcome.scope().id());
    }
  }

  private void unavailable(KeyProviderOutcome outcome) {
    if (outcome.failure().errorCode().type() != ErrorType.EXTERNAL) {
      return;
    }
    Scope scope = outcome.scope();
    Instant now = clock.instant();
    Instant last = failing.get(scope);
    if (last != null && now.isBefore(last.plus(EVENT_INTERVAL))) {
      return;
    }
    failing.put(scope, now);
    String reason =
        outcome.providerType() + " key provider failed: " + outcome.failure().getMessage();
    UUID event =
        events.raise(
            SecurityEvents.event(SecurityEventType.KEY_PROVIDER_UNAVAILABLE, reason)
                .org(eventOrg(scope))
                .context("keyring", scope.id())
                .context("provider", outcome.providerType()));
    incidents.open(
        Incidents.KEY_PROVIDER_UNREACHABLE,
        scope.id(),
        scope.orgId().orElse(null),
        Severity.CRITICAL,
        reason,
        event);
  }

  /**
   * Records the outcome of a live verification of {@code scope}'s provider: a failure raises an
   * event and opens (or updates) the incident, a success resolves it. Returns the event id, if any.
   */
  public UUID verified(Scope scope, ProviderCheck check) {
    if (scope.isInstall()) {
      installCheck = check;
    }
    if (check.ok()) {
      failing.remove(scope);
      incidents.resolve(Incidents.KEY_PROVIDER_UNREACHABLE, scope.id());
      return null;
    }
    String reason = check.type() + " key provider verification failed: " + check.detail();
    UUID event =
        events.raise(
            SecurityEvents.event(SecurityEventType.KEY_PROVIDER_VERIFICATION_FAILED, reason)
                .org(eventOrg(scope))
                .context("keyring", scope.id())
                .context("provider", check.type())
                .context("keyId", check.keyId()));
    incidents.open(
        Incidents.KEY_PROVIDER_UNREACHABLE,
        scope.id(),
        scope.orgId().orElse(null),
        Severity.HIGH,
        reason,
        event);
    return event;
  }

  /** The install's provider as this instance last saw it. */
  public KeyProviderStatus installStatus() {
    String type = providers.install().type();
    ProviderCheck check = installCheck;
    Instant failed = failing.get(Scope.install());
    String state;
    if (failed != null) {
      state = "failing";
    } else if (check == null) {
      state = "unverified";
    } else {
      state = check.ok() ? "verified" : "failing";
    }
    return check == null
        ? new KeyProviderStatus(type, state, null, null, null, failed)
        : new KeyProviderStatus(
            type, state, check.checkedAt(), check.latencyMillis(), check.detail(), failed);
  }
}
