package dev.palisade.keys;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code palisade.keys.provider} ({@code PALISADE_KEYS_PROVIDER}): which backend holds the
 * install's key-encryption key. {@link KeyBackends} checks it against the backends this build has
 * at start-up.
 */
@ConfigurationProperties("palisade.keys")
public record KeysConfig(@Bindable(defaultValue = "local") String provider) {
  /** The property that selects the install provider's backend. */
  public static final String PROVIDER = "palisade.keys.provider";

  /** The prefix of every backend's settings, {@code palisade.keys.<type>.}. */
  public static final String PREFIX = "palisade.keys.";
}
