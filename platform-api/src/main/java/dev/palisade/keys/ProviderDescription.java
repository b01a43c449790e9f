package dev.palisade.keys;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A provider described without secrets: its type, the key it uses (a label, an ARN, a Transit key
 * name) and non-secret settings such as an address or region.
 */
public record ProviderDescription(String type, String keyId, Map<String, String> settings) {
  public ProviderDescription {
    requireNonNull(type, "type is null");
    requireNonNull(keyId, "keyId is null");
    settings = Map.copyOf(settings);
  }
}
