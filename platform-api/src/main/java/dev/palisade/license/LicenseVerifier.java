package dev.palisade.license;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.crypto.CanonicalJson;
import dev.palisade.crypto.Ed25519;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a signed license against the configured vendor keys. The envelope is {@code {"license":
 * <text or object>, "keyId": ..., "signature": <base64>, "algorithm": "Ed25519"}}; the signature
 * covers the UTF-8 bytes of the license text, or of the RFC 8785 canonical form when the license is
 * given as an object. Nothing of the document is read before its signature checks out. Every
 * refusal is a 422 naming the member at fault. Thread-safe.
 */
@Singleton
public final class LicenseVerifier {
  static final String ALGORITHM = "Ed25519";
  private static final Set<String> MEMBERS = Set.of("license", "keyId", "signature", "algorithm");

  private final Map<String, byte[]> keys;

  LicenseVerifier(LicenseConfig config) {
    this.keys = config.keys();
  }

  /** Parses and verifies {@code body}, the envelope as JSON text. */
  public SignedLicense verify(String body) {
    JsonNode envelope;
    try {
      envelope = LicenseDocument.JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.MALFORMED_REQUEST, "the body is not JSON: send the signed license envelope");
    }
    return verify(envelope, keys);
  }

  public SignedLicense verify(JsonNode envelope) {
    return verify(envelope, keys);
  }

  /** Whether the key that signed a stored license is still configured and the signature holds. */
  public boolean stillVerifies(String document, String keyId, byte[] signature) {
    byte[] key = keys.get(keyId);
    return key != null && Ed25519.verify(key, document.getBytes(StandardCharsets.UTF_8), signature);
  }

  static SignedLicense verify(JsonNode envelope, Map<String, byte[]> keys) {
    if (envelope == null || !envelope.isObject()) {
      throw LicenseDocument.bad("license", "a signed license is a JSON object");
    }
    for (Iterator<String> names = envelope.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!MEMBERS.contains(name)) {
        throw PlatformException.unknownField(name);
      }
    }
    JsonNode algorithm = envelope.get("algorithm");
    if (algorithm != null && !(algorithm.isTextual() && ALGORITHM.equals(algorithm.textValue()))) {
      throw LicenseDocument.bad("algorithm", "must be Ed25519");
    }
    JsonNode keyId = envelope.get("keyId");
    if (keyId != null && !keyId.isTextual()) {
      throw LicenseDocument.bad("keyId", "must be a string: the id of the vendor key that signed");
    }
    String document = document(envelope.get("license"));
    if (keyId == null || keyId.textValue().isEmpty()) {
      throw LicenseDocument.bad("keyId", "is required: the id of the vendor key that signed");
    }
    byte[] key = keys.get(keyId.textValue());
    if (key == null) {
      throw LicenseDocument.bad(
          "keyId", "names no vendor public key configured on this install (" + keys.size() + ")");
    }
    byte[] signature = signature(envelope.get("signature"));
    if (!Ed25519.verify(key, document.getBytes(StandardCharsets.UTF_8), signature)) {
      throw LicenseDocument.bad(
          "signature", "does not verify with vendor key " + keyId.textValue());
    }
    return new SignedLicense(
        document, keyId.textValue(), signature, LicenseDocument.parse(document));
  }

  /**
   * Refuses a license that is not for {@code installId}, or that is past its grace period at {@code
   * now}.
   */
  public static void checkUsable(License license, UUID installId, Instant now) {
    if (!license.installId().equals(installId)) {
      throw LicenseDocument.bad(
          "license.installId",
          "is " + license.installId() + ", not this install (" + installId + ")");
    }
    if (!now.isBefore(license.graceEndsAt())) {
      throw LicenseDocument.bad(
          "license.expiresAt",
          "the license expired on " + license.expiresAt() + " and its grace period has ended");
    }
  }

  private static String document(JsonNode license) {
    if (license == null || license.isNull()) {
      throw LicenseDocument.bad("license", "is required");
    }
    if (license.isTextual()) {
      return license.textValue();
    }
    if (license.isObject()) {
      try {
        return CanonicalJson.write(LicenseDocument.JSON.convertValue(license, Map.class));
      } catch (IllegalArgumentException e) {
        throw LicenseDocument.bad(
            "license", "holds a value RFC 8785 form cannot fix here; sign and send the text");
      }
    }
    throw LicenseDocument.bad("license", "must be the signed license text or object");
  }

  private static byte[] signature(JsonNode n) {
    if (n == null || !n.isTextual()) {
      throw LicenseDocument.bad("signature", "is required: base64 of the Ed25519 signature");
    }
    try {
      byte[] s = Base64.getDecoder().decode(n.textValue());
      if (s.length != 64) {
        throw LicenseDocument.bad("signature", "must be 64 bytes (Ed25519), base64");
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw LicenseDocument.bad("signature", "is not base64");
    }
  }
}
