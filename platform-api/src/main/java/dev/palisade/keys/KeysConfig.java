package dev.palisade.keys;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code palisade.keys.provider} ({@code PALISADE_KEYS_PROVIDER}): which provider holds the
 * install's key-encryption key. Read at start-up, so that an unknown value stops the boot with a
 * message naming the setting instead of failing at the first key operation.
 */
@Context
@ConfigurationProperties("palisade.keys")
public record KeysConfig(@Bindable(defaultValue = "local") String provider) {
  /** The property that selects the provider bean. */
  public static final String PROVIDER = "palisade.keys.provider";

  /** Every provider type, as written in {@link #PROVIDER}. */
  public static final List<String> TYPES = List.of("local", "pkcs11", "vault", "awskms");

  public KeysConfig {
    if (provider == null || !TYPES.contains(provider)) {
      throw new ConfigurationException(
          PROVIDER
              + " (PALISADE_KEYS_PROVIDER) is '"
              + provider
              + "', which is not a key provider; use one of "
              + String.join(", ", TYPES));
    }
  }
}
