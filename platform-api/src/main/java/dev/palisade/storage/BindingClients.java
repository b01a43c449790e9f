package dev.palisade.storage;

import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The opened {@link StorageBinding} of each stored binding, built once from its settings (a
 * binding's settings never change) and measured ({@link MeteredBinding}).
 */
@Singleton
public final class BindingClients implements AutoCloseable {
  private final StorageBackends backends;
  private final Bindings bindings;
  private final Databases databases;
  private final MeterRegistry meters;
  private final Map<UUID, StorageBinding> open = new ConcurrentHashMap<>();

  BindingClients(
      StorageBackends backends, Bindings bindings, Databases databases, MeterRegistry meters) {
    this.backends = backends;
    this.bindings = bindings;
    this.databases = databases;
    this.meters = meters;
  }

  /** The client of {@code binding} in {@code scope}. */
  public StorageBinding of(Scope scope, Binding binding) {
    return open.computeIfAbsent(
        binding.id(),
        id ->
            new MeteredBinding(
                backends.open(
                    scope,
                    binding.type(),
                    databases.read(scope, h -> bindings.settings(h, scope, id))),
                meters));
  }

  /**
   * A client for settings not stored yet (a new binding's first validation); the caller closes it.
   */
  public StorageBinding unstored(Scope scope, String type, StorageBackend.Settings settings) {
    return new MeteredBinding(backends.open(scope, type, settings), meters);
  }

  @PreDestroy
  @Override
  public void close() {
    open.values().forEach(StorageBinding::close);
    open.clear();
  }
}
