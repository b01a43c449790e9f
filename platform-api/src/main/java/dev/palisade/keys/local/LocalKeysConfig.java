package dev.palisade.keys.local;

import static dev.palisade.keys.KeyProviderSettings.requireText;

import dev.palisade.keys.KeyProviderSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code palisade.keys.local.key-file} ({@code PALISADE_KEYS_LOCAL_KEY_FILE}): the file that holds
 * the install's KEK, relative to {@code PALISADE_HOME} unless absolute. Created owner-only at first
 * use. Losing it loses every key it wrapped, so it belongs in the install's backups.
 */
@ConfigurationProperties("palisade.keys.local")
public record LocalKeysConfig(@Bindable(defaultValue = "keys/install-kek.key") String keyFile)
    implements KeyProviderSettings {
  public static final String DEFAULT_KEY_FILE = "keys/install-kek.key";

  public LocalKeysConfig {
    requireText(keyFile, "palisade.keys.local.key-file");
  }

  /** The defaults, for code that builds settings by hand. */
  public static LocalKeysConfig defaults() {
    return new LocalKeysConfig(DEFAULT_KEY_FILE);
  }

  @Override
  public String type() {
    return "local";
  }
}
