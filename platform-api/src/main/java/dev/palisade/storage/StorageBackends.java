package dev.palisade.storage;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every storage backend found in the application context, by type. */
@Singleton
public final class StorageBackends {
  private final Map<String, StorageBackend> byType = new TreeMap<>();

  StorageBackends(List<StorageBackend> backends) {
    for (StorageBackend b : backends) {
      if (byType.put(b.type(), b) != null) {
        throw new IllegalStateException("two storage backends of type " + b.type());
      }
    }
  }

  /** The types an organization admin may create, in name order. */
  public List<String> creatableTypes() {
    return byType.values().stream()
        .filter(StorageBackend::creatable)
        .map(StorageBackend::type)
        .toList();
  }

  /** Settings of a new binding: an unknown type is a 422 naming {@code type}. */
  public StorageBackend.Settings admit(Scope scope, String type, Map<String, Object> values) {
    StorageBackend b = type == null ? null : byType.get(type);
    if (b == null || !b.creatable()) {
      throw PlatformException.invalidField(
          "type", "must be one of " + String.join(", ", creatableTypes()));
    }
    return b.admit(scope, values == null ? Map.of() : values);
  }

  /** A binding of {@code type} with stored settings. */
  public StorageBinding open(Scope scope, String type, StorageBackend.Settings settings) {
    StorageBackend b = byType.get(type);
    if (b == null) {
      throw StorageBinding.unavailable("no storage backend of type " + type + " in this build");
    }
    return b.open(scope, settings);
  }
}
