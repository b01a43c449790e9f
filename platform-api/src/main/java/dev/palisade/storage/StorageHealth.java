package dev.palisade.storage;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Incidents;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.events.Severity;
import dev.palisade.tenancy.Scope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns storage outcomes into security events and incidents. File operations on an unreachable
 * active binding raise {@code storageOperationsActiveBindingUnavailable} (at most once a minute per
 * organization); a failed sweep raises {@code storageOperationsValidationFailed} and opens the
 * organization's {@code storageBindingUnreachable} incident, which the next passing sweep resolves;
 * a binding failing validation at activation raises {@code storageOperationsActivationFailed}; a
 * migration run that ends failed raises {@code storageOperationsMigrationFailed} and opens {@code
 * storageMigrationFailed}. {@code palisade_storage_bindings_unhealthy} counts the organizations
 * whose active binding failed its last sweep. Reasons are sanitized by the event store.
 */
@Singleton
public final class StorageHealth {
  static final Duration EVENT_INTERVAL = Duration.ofMinutes(1);

  private final SecurityEvents events;
  private final Incidents incidents;
  private final Clock clock;
  private final Map<Scope, Instant> lastUnavailable = new ConcurrentHashMap<>();
  private final Set<Scope> unhealthy = ConcurrentHashMap.newKeySet();

  StorageHealth(SecurityEvents events, Incidents incidents, Clock clock, MeterRegistry meters) {
    this.events = events;
    this.incidents = incidents;
    this.clock = clock;
    Gauge.builder("palisade.storage.bindings.unhealthy", unhealthy, Set::size)
        .description("Organizations whose active storage binding failed its last validation")
        .register(meters);
  }

  /** A file operation found the active binding unreachable. */
  public void unavailable(Scope scope, Binding binding, String reason) {
    Instant now = clock.instant();
    Instant last = lastUnavailable.get(scope);
    if (last != null && now.isBefore(last.plus(EVENT_INTERVAL))) {
      return;
    }
    lastUnavailable.put(scope, now);
    events.raise(
        SecurityEvents.event(
                SecurityEventType.STORAGE_ACTIVE_BINDING_UNAVAILABLE,
                binding.type() + " storage binding unavailable: " + reason)
            .org(scope.org().id())
            .context("binding", binding.id().toString())
            .context("backend", binding.type()));
  }

  /**
   * A binding's failure as the caller sees it: a missing object becomes 503 {@code
   * storage-unavailable} with {@code missing} as its detail; an unreachable binding raises a
   * security event ({@link #unavailable}) and becomes 503 without the backend's reason; anything
   * else is returned as it is.
   */
  public PlatformException failure(
      Scope scope, Binding binding, PlatformException e, String missing) {
    if (e.errorCode() == ErrorCode.NOT_FOUND) {
      return new PlatformException(ErrorCode.STORAGE_UNAVAILABLE, missing);
    }
    if (e.errorCode() == ErrorCode.STORAGE_UNAVAILABLE) {
      unavailable(scope, binding, e.getMessage());
      return new PlatformException(
          ErrorCode.STORAGE_UNAVAILABLE, "the organization's storage binding is unavailable");
    }
    return e;
  }

  /** The outcome of the posture sweep's round trip against the active binding. */
  public void swept(Scope scope, Binding binding, Validation v) {
    if (v.passed()) {
      unhealthy.remove(scope);
      incidents.resolve(Incidents.STORAGE_BINDING_UNREACHABLE, scope.id());
      return;
    }
    unhealthy.add(scope);
    String reason = binding.type() + " storage binding failed validation: " + v.firstFailure();
    UUID event =
        events.raise(
            SecurityEvents.event(SecurityEventType.STORAGE_VALIDATION_FAILED, reason)
                .org(scope.org().id())
                .context("binding", binding.id().toString())
                .context("backend", binding.type()));
    incidents.open(
        Incidents.STORAGE_BINDING_UNREACHABLE,
        scope.id(),
        scope.org().id(),
        Severity.HIGH,
        reason,
        event);
  }

  /** An activation was refused because the binding's validation failed. */
  public void activationFailed(Scope scope, Binding binding, String reason) {
    events.raise(
        SecurityEvents.event(
                SecurityEventType.STORAGE_ACTIVATION_FAILED,
                binding.type() + " storage binding not activated: " + reason)
            .org(scope.org().id())
            .context("binding", binding.id().toString())
            .context("backend", binding.type()));
  }

  /** A migration run ended failed. */
  public void migrationFailed(Scope scope, UUID run, String reason) {
    String summary = "storage migration " + run + " failed: " + reason;
    UUID event =
        events.raise(
            SecurityEvents.event(SecurityEventType.STORAGE_MIGRATION_FAILED, summary)
                .org(scope.org().id())
                .context("migration", run.toString()));
    incidents.open(
        Incidents.STORAGE_MIGRATION_FAILED,
        scope.id(),
        scope.org().id(),
        Severity.HIGH,
        summary,
        event);
  }

  /** A migration run completed: a failed earlier one no longer stands. */
  public void migrationCompleted(Scope scope) {
    incidents.resolve(Incidents.STORAGE_MIGRATION_FAILED, scope.id());
  }
}
