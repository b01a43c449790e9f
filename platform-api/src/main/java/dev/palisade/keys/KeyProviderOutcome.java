package dev.palisade.keys;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Scope;

/**
 * Published (as an application event) after a keyring's provider was used during normal work: it
 * failed ({@code failure} set, the caller failed closed) or succeeded. The events feature turns
 * failures into security events and incidents; keys itself knows nothing of them.
 */
public record KeyProviderOutcome(Scope scope, String providerType, PlatformException failure) {
  public KeyProviderOutcome {
    requireNonNull(scope, "scope is null");
    requireNonNull(providerType, "providerType is null");
  }

  public boolean failed() {
    return failure != null;
  }
}
