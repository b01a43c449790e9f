package dev.palisade.license;

import dev.palisade.crypto.CanonicalJson;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** A vendor signing key made for one test, and license documents signed with it. */
final class TestVendor {
  private final Ed25519PrivateKeyParameters key =
      new Ed25519PrivateKeyParameters(new SecureRandom());
  private final byte[] publicKey = key.generatePublicKey().getEncoded();

  String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey);
  }

  /** A server on its defaults that trusts this vendor's key. */
  TestServer trustingServer() {
    return TestServer.start(
        Map.of("palisade.license.vendor-public-keys", List.of(publicKeyBase64())));
  }

  /** The id of the install {@code server} runs. */
  static UUID installId(TestServer server) {
    return server.context().getBean(dev.palisade.tenancy.InstallId.class).value();
  }

  String keyId() {
    return dev.palisade.crypto.Ed25519.keyId(publicKey);
  }

  /** A license document valid for a year from yesterday, with a 14-day grace period. */
  static Map<String, Object> license(UUID installId, String licenseId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("version", 1);
    d.put("licenseId", licenseId);
    d.put("installId", installId.toString());
    d.put("customer", "Example Corp");
    d.put("issuedAt", now.minus(Duration.ofDays(1)).toString());
    d.put("expiresAt", now.plus(Duration.ofDays(365)).toString());
    d.put("gracePeriod", "P14D");
    d.put("limits", Map.of("maxOrganizations", 10, "maxMembersPerOrg", 50));
    d.put("features", List.of("sso"));
    return d;
  }

  /** {@code doc} expiring at {@code expiresAt} with {@code graceDays}, issued a second ago. */
  static Map<String, Object> expiring(Map<String, Object> doc, Instant expiresAt, int graceDays) {
    Map<String, Object> d = new LinkedHashMap<>(doc);
    d.put("issuedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1).toString());
    d.put("expiresAt", expiresAt.truncatedTo(ChronoUnit.SECONDS).toString());
    d.put("gracePeriod", graceDays);
    return d;
  }

  /** The signed envelope, as a map ready to be written as JSON. */
  Map<String, Object> envelope(Map<String, Object> doc) {
    String text = CanonicalJson.write(doc);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("license", text);
    e.put("algorithm", "Ed25519");
    e.put("keyId", keyId());
    e.put("signature", Base64.getEncoder().encodeToString(sign(text)));
    return e;
  }

  String signed(Map<String, Object> doc) {
    return json(envelope(doc));
  }

  byte[] sign(String text) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s.update(bytes, 0, bytes.length);
    return s.generateSignature();
  }

  static String json(Object value) {
    try {
      return Http.JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
