package dev.palisade.keys.pkcs11;

import static dev.palisade.keys.KeyProviderSettings.requireText;

import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyProviderSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * A PKCS#11 token that holds the KEK ({@code palisade.keys.pkcs11.*}): the vendor's library, the
 * token (by {@code slot} id or by {@code slotListIndex}, default index 0), the user PIN, and the
 * label of an AES key on the token. With {@code createKeyIfMissing} the provider generates a
 * non-extractable token key under that label at first use. The PIN is never part of {@link
 * #toString()}.
 */
@ConfigurationProperties("palisade.keys.pkcs11")
public record Pkcs11KeysConfig(
    String library,
    @Nullable Integer slot,
    @Nullable Integer slotListIndex,
    String pin,
    @Bindable(defaultValue = "palisade-kek") String keyLabel,
    @Bindable(defaultValue = "false") boolean createKeyIfMissing)
    implements KeyProviderSettings {
  private static final String PREFIX = "palisade.keys.pkcs11.";

  public Pkcs11KeysConfig {
    requireText(library, PREFIX + "library");
    requireText(pin, PREFIX + "pin");
    requireText(keyLabel, PREFIX + "key-label");
    if (library.chars().anyMatch(c -> c < 0x20 || c == '"')) {
      throw PlatformException.invalidField(
          PREFIX + "library", "must be a file path without quotes or control characters");
    }
    if (slot != null && slotListIndex != null) {
      throw PlatformException.invalidField(
          PREFIX + "slot", "set either slot or slot-list-index, not both");
    }
    if (slotListIndex != null && slotListIndex < 0) {
      throw PlatformException.invalidField(PREFIX + "slot-list-index", "must not be negative");
    }
  }

  @Override
  public String type() {
    return "pkcs11";
  }

  /** Which token, for descriptions: {@code slot N} or {@code slot list index N}. */
  public String token() {
    return slot != null
        ? "slot " + slot
        : "slot list index " + (slotListIndex == null ? 0 : slotListIndex);
  }

  @Override
  public String toString() {
    return "Pkcs11KeysConfig[library="
        + library
        + ", token="
        + token()
        + ", pin="
        + KeyProviderSettings.mask(pin)
        + ", keyLabel="
        + keyLabel
        + ", createKeyIfMissing="
        + createKeyIfMissing
        + "]";
  }
}
