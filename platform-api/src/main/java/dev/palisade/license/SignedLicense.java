package dev.palisade.license;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A license whose signature has been checked: {@code document} is the exact signed text, {@code
 * signature} is Ed25519 over its UTF-8 bytes by the vendor key {@code keyId}, {@code license} is
 * what the text says.
 */
public record SignedLicense(String document, String keyId, byte[] signature, License license) {
  public SignedLicense {
    requireNonNull(document, "document is null");
    requireNonNull(keyId, "keyId is null");
    signature = requireNonNull(signature, "signature is null").clone();
    requireNonNull(license, "license is null");
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The wire form, as imported and as served by a control plane. */
  public Map<String, Object> envelope() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("license", document);
    m.put("algorithm", LicenseVerifier.ALGORITHM);
    m.put("keyId", keyId);
    m.put("signature", Base64.getEncoder().encodeToString(signature));
    return m;
  }
}
