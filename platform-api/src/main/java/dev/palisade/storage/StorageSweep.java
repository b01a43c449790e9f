package dev.palisade.storage;

import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The posture check of one organization's active binding: the round trip, recorded as the binding's
 * last validation and reported to {@link StorageHealth}.
 */
@Singleton
public final class StorageSweep {
  private final Databases databases;
  private final Bindings bindings;
  private final BindingClients clients;
  private final StorageHealth health;
  private final Clock clock;

  StorageSweep(
      Databases databases,
      Bindings bindings,
      BindingClients clients,
      StorageHealth health,
      Clock clock) {
    this.databases = databases;
    this.bindings = bindings;
    this.clients = clients;
    this.health = health;
    this.clock = clock;
  }

  /** Validates {@code scope}'s active binding; returns whether it passed. */
  public boolean check(Scope scope) {
    Binding active = databases.read(scope, bindings::active);
    Validation v;
    try {
      v = Probe.run(clients.of(scope, active), clock);
    } catch (RuntimeException e) {
      v =
          new Validation(
              Validation.FAILED,
              List.of(new Validation.Step("open", Validation.FAILED, 0, Sanitizer.reason(e))),
              clock.instant());
    }
    Validation result = v;
    databases.inTransaction(
        scope,
        h -> {
          bindings.recordValidation(h, active.id(), result);
          return null;
        });
    health.swept(scope, active, v);
    return v.passed();
  }
}
