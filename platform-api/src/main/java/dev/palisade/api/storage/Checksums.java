package dev.palisade.api.storage;

import dev.palisade.errors.PlatformException;
import io.micronaut.http.HttpHeaders;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 a client announces for an upload: {@code x-checksum-sha256} (hex or base64) or {@code
 * Digest: sha-256=<base64>} (RFC 3230). Either may be absent; a malformed one is a 422 naming the
 * header.
 */
final class Checksums {
  static final String HEADER = "x-checksum-sha256";
  static final String DIGEST = "Digest";

  private Checksums() {}

  record Expected(String sha256, String field) {}

  static Expected expected(HttpHeaders headers) {
    String own = headers.get(HEADER);
    if (own != null) {
      return new Expected(hex(own.strip(), HEADER), HEADER);
    }
    String digest = headers.get(DIGEST);
    if (digest != null) {
      for (String part : digest.split(",")) {
        String p = part.strip();
        if (p.toLowerCase(Locale.ROOT).startsWith("sha-256=")) {
          return new Expected(hex(p.substring(8), DIGEST), DIGEST);
        }
      }
    }
    return new Expected(null, null);
  }

  private static String hex(String value, String field) {
    if (value.matches("[0-9a-fA-F]{64}")) {
      return value.toLowerCase(Locale.ROOT);
    }
    try {
      byte[] raw = Base64.getDecoder().decode(value);
      if (raw.length == 32) {
        return HexFormat.of().formatHex(raw);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw PlatformException.invalidField(field, "must be a SHA-256 in hex or base64");
  }
}
