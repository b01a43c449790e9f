package dev.palisade.license;

import dev.palisade.crypto.Ed25519;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vendor public keys as written in {@code palisade.license.vendor-public-keys}: each entry is a raw
 * 32-byte Ed25519 key in base64, or a PEM {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo). A
 * key's id is the first 16 hex digits of SHA-256 of the raw key, as for checkpoint keys.
 */
final class VendorKeys {
  static final String SETTING = "palisade.license.vendor-public-keys";

  private VendorKeys() {}

  /** Parses every entry; throws {@link ConfigurationException} naming the first bad one. */
  static Map<String, byte[]> parse(List<String> entries) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      byte[] raw = raw(entries.get(i), i);
      keys.put(Ed25519.keyId(raw), raw);
    }
    return keys;
  }

  static byte[] raw(String entry, int index) {
    String where = SETTING + "[" + index + "] (PALISADE_LICENSE_VENDOR_PUBLIC_KEYS)";
    if (entry == null || entry.isBlank()) {
      throw new ConfigurationException(where + " is empty");
    }
    String text = entry.strip();
    boolean pem = text.startsWith("-----BEGIN PUBLIC KEY-----");
    if (pem) {
      if (!text.endsWith("-----END PUBLIC KEY-----")) {
        throw new ConfigurationException(where + " is a PEM block without its END line");
      }
      text =
          text.substring(
              "-----BEGIN PUBLIC KEY-----".length(),
              text.length() - "-----END PUBLIC KEY-----".length());
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(text.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(where + " is neither base64 nor a PEM public key");
    }
    if (bytes.length == 32 && !pem) {
      return bytes;
    }
    byte[] raw = Ed25519.fromSpki(bytes);
    if (raw != null) {
      return raw;
    }
    throw new ConfigurationException(
        where + " is not an Ed25519 public key (32 raw bytes in base64, or a PEM PUBLIC KEY)");
  }
}
