package dev.palisade.storage;

import dev.palisade.tenancy.Scope;
import java.util.Map;

/**
 * One kind of storage binding. Each backend is a subpackage of {@code storage} holding one bean of
 * this type; {@link StorageBackends} finds every backend in the application context and names none
 * of them.
 */
public interface StorageBackend {
  /** The type name, as sent in {@code POST …/storage/bindings} and stored with the binding. */
  String type();

  /** Whether an organization admin may create a binding of this type. */
  default boolean creatable() {
    return true;
  }

  /**
   * Checks the settings an organization admin sent (a 422 naming {@code settings.<name>}) and
   * splits them into what may be shown and what must be sealed. Contacts nothing.
   */
  Settings admit(Scope scope, Map<String, Object> values);

  /** A binding for settings admitted earlier. Builds only: nothing is contacted. */
  StorageBinding open(Scope scope, Settings settings);

  /**
   * A binding's settings: {@code shown} is returned in answers and audit entries, {@code secrets}
   * (credentials) is stored sealed under the organization's keyring and never shown.
   */
  record Settings(Map<String, Object> shown, Map<String, String> secrets) {
    public Settings {
      shown = Map.copyOf(shown);
      secrets = Map.copyOf(secrets);
    }

    @Override
    public String toString() {
      return "Settings[shown=" + shown + ", secrets=" + secrets.keySet() + "]";
    }
  }
}
