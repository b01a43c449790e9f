package dev.palisade.keys;

import dev.palisade.errors.PlatformException;
import java.time.Duration;

/**
 * The typed settings of one provider backend ({@code LocalKeysConfig}, {@code Pkcs11KeysConfig},
 * {@code VaultKeysConfig}, {@code AwsKmsKeysConfig}). Implementations are records that validate
 * themselves on construction, so a settings object that exists is complete; their {@code
 * toString()} never shows a secret. The same records serve the install's configuration and, built
 * by hand, settings stored elsewhere (for example an organization's own key).
 */
public interface KeyProviderSettings {
  /** The provider type these settings are for, the {@link KeyBackend#type()} of its backend. */
  String type();

  /** {@code value}, or a 422 naming {@code setting} when it is null or blank. */
  static String requireText(String value, String setting) {
    if (value == null || value.isBlank()) {
      throw PlatformException.invalidField(setting, "is required");
    }
    return value;
  }

  /** {@code value}, or a 422 naming {@code setting} when it is null, zero or negative. */
  static Duration requirePositive(Duration value, String setting) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw PlatformException.invalidField(setting, "must be a positive duration");
    }
    return value;
  }

  /** Shows that a secret is set without showing it. */
  static String mask(String secret) {
    return secret == null || secret.isEmpty() ? "(unset)" : "***";
  }
}
