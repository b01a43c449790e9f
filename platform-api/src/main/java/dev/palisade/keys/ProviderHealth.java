package dev.palisade.keys;

import dev.palisade.errors.ErrorType;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Incidents;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.events.Severity;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns key-provider failures into security events and incidents. A provider that fails during
 * normal work raises {@code keyProviderUnavailable} (at most once a minute per keyring, so an
 * outage under load does not flood the event store) and opens the {@code keyProviderUnreachable}
 * incident of that keyring; a failed live verification raises {@code
 * keyProviderVerificationFailed}. The next success resolves the incident.
 */
@Singleton
public final class ProviderHealth {
  static final long EVENT_INTERVAL_NANOS = 60_000_000_000L;

  private final SecurityEvents events;
  private final Incidents incidents;
  private final Map<String, Long> failing = new ConcurrentHashMap<>();

  ProviderHealth(SecurityEvents events, Incidents incidents) {
    this.events = events;
    this.incidents = incidents;
  }

  /**
   * Called when a provider operation of {@code scope}'s keyring failed; the caller fails closed.
   */
  void unavailable(String scope, String providerType, PlatformException e) {
    if (e.errorCode().type() != ErrorType.EXTERNAL) {
      return;
    }
    long now = System.nanoTime();
    Long last = failing.get(scope);
    if (last != null && now - last < EVENT_INTERVAL_NANOS) {
      return;
    }
    failing.put(scope, now);
    String reason = providerType + " key provider failed: " + e.getMessage();
    UUID event =
        events.raise(
            SecurityEvents.event(SecurityEventType.KEY_PROVIDER_UNAVAILABLE, reason)
                .org(orgOf(scope))
                .context("keyring", scope)
                .context("provider", providerType));
    incidents.open(
        Incidents.KEY_PROVIDER_UNREACHABLE, scope, orgOf(scope), Severity.CRITICAL, reason, event);
  }

  /** Called after a provider operation of {@code scope}'s keyring succeeded. */
  void available(String scope) {
    if (failing.remove(scope) != null) {
      incidents.resolve(Incidents.KEY_PROVIDER_UNREACHABLE, scope);
    }
  }

  /**
   * Records the outcome of a live verification of {@code scope}'s provider: a failure raises an
   * event and opens (or updates) the incident, a success resolves it. Returns the event id, if any.
   */
  public UUID verified(String scope, ProviderCheck check) {
    if (check.ok()) {
      failing.remove(scope);
      incidents.resolve(Incidents.KEY_PROVIDER_UNREACHABLE, scope);
      return null;
    }
    String reason = check.type() + " key provider verification failed: " + check.detail();
    UUID event =
        events.raise(
            SecurityEvents.event(SecurityEventType.KEY_PROVIDER_VERIFICATION_FAILED, reason)
                .org(orgOf(scope))
                .context("keyring", scope)
                .context("provider", check.type())
                .context("keyId", check.keyId()));
    incidents.open(
        Incidents.KEY_PROVIDER_UNREACHABLE, scope, orgOf(scope), Severity.HIGH, reason, event);
    return event;
  }

  static UUID orgOf(String scope) {
    if (scope.startsWith("org:")) {
      try {
        return UUID.fromString(scope.substring(4));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
