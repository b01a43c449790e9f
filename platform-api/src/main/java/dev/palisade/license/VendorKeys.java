package dev.palisade.license;

import dev.palisade.audit.CheckpointSigner;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.Arrays;
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

  /** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows. */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private VendorKeys() {}

  /** Parses every entry; throws {@link ConfigurationException} naming the first bad one. */
  static Map<String, byte[]> parse(List<String> entries) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      byte[] raw = raw(entries.get(i), i);
      keys.put(CheckpointSigner.keyIdOf(raw), raw);
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
    if (bytes.length == 44 && Arrays.equals(bytes, 0, 12, SPKI_PREFIX, 0, 12)) {
      return Arrays.copyOfRange(bytes, 12, 44);
    }
    throw new ConfigurationException(
        where + " is not an Ed25519 public key (32 raw bytes in base64, or a PEM PUBLIC KEY)");
  }
}
