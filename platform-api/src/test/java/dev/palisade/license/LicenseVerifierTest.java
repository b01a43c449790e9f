package dev.palisade.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.crypto.CanonicalJson;
import dev.palisade.crypto.Ed25519;
import dev.palisade.errors.PlatformException;
import io.micronaut.context.exceptions.ConfigurationException;
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
import org.assertj.core.api.ThrowableAssert;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

class LicenseVerifierTest {
  private static final UUID INSTALL = UUID.randomUUID();
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private final Ed25519PrivateKeyParameters vendor =
      new Ed25519PrivateKeyParameters(new SecureRandom());
  private final byte[] vendorPublic = vendor.generatePublicKey().getEncoded();
  private final String keyId = Ed25519.keyId(vendorPublic);
  private final Map<String, byte[]> keys = Map.of(keyId, vendorPublic);

  private static final UUID ACME = UUID.fromString("6f1c2a4e-0b7d-4c3e-9a51-2d8e7f604b19");

  private Map<String, Object> document() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("version", 1);
    d.put("licenseId", "LIC-2026-0042");
    d.put("installId", INSTALL.toString());
    d.put("customer", "Example Corp");
    d.put("issuedAt", NOW.minus(Duration.ofDays(1)).toString());
    d.put("expiresAt", NOW.plus(Duration.ofDays(365)).toString());
    d.put("gracePeriod", "P14D");
    d.put("limits", Map.of("maxOrganizations", 10, "maxMembersPerOrg", 50));
    d.put("features", List.of("sso"));
    d.put(
        "organizations",
        Map.of(ACME.toString(), Map.of("features", List.of("byok"), "maxMembers", 5)));
    return d;
  }

  private ObjectNode envelope(String text) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, vendor);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s.update(bytes, 0, bytes.length);
    ObjectNode e = LicenseDocument.JSON.createObjectNode();
    e.put("license", text);
    e.put("algorithm", "Ed25519");
    e.put("keyId", keyId);
    e.put("signature", Base64.getEncoder().encodeToString(s.generateSignature()));
    return e;
  }

  private ObjectNode signed(Map<String, Object> doc) {
    return envelope(CanonicalJson.write(doc));
  }

  private static void refused(ThrowableAssert.ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOf(PlatformException.class)
        .satisfies(e -> assertThat(((PlatformException) e).field()).contains(field));
  }

  @Test
  void verifiesAGoodLicenseAndReadsItsTerms() {
    SignedLicense s = LicenseVerifier.verify(signed(document()), keys);
    License l = s.license();
    assertThat(s.keyId()).isEqualTo(keyId);
    assertThat(l.licenseId()).isEqualTo("LIC-2026-0042");
    assertThat(l.installId()).isEqualTo(INSTALL);
    assertThat(l.gracePeriod()).isEqualTo(Duration.ofDays(14));
    assertThat(l.limits()).isEqualTo(new License.Limits(10, 50));
    assertThat(l.termsOf(ACME)).isEqualTo(new License.OrgTerms(List.of("byok", "sso"), 5));
    assertThat(l.termsOf(UUID.randomUUID())).isEqualTo(new License.OrgTerms(List.of("sso"), 50));
    LicenseVerifier.checkUsable(l, INSTALL, NOW);
  }

  @Test
  void refusesOrganizationTermsKeyedByAnythingButTheOrganizationsId() {
    for (String key : List.of("acme", ACME.toString().toUpperCase(java.util.Locale.ROOT), "")) {
      Map<String, Object> d = document();
      d.put("organizations", Map.of(key, Map.of("maxMembers", 500)));
      refused(() -> LicenseVerifier.verify(signed(d), keys), "license.organizations." + key);
    }
  }

  @Test
  void acceptsTheLicenseAsAnObjectSignedInItsCanonicalForm() {
    ObjectNode e = signed(document());
    e.set("license", LicenseDocument.JSON.valueToTree(document()));
    assertThat(LicenseVerifier.verify(e, keys).license().customer()).isEqualTo("Example Corp");
  }

  @Test
  void refusesAnEditedDocumentNamingTheSignature() {
    ObjectNode e = signed(document());
    e.put(
        "license",
        e.get("license").textValue().replace("\"maxOrganizations\":10", "\"maxOrganizations\":99"));
    refused(() -> LicenseVerifier.verify(e, keys), "signature");
  }

  @Test
  void refusesAKeyThatIsNotConfiguredNamingKeyId() {
    ObjectNode e = signed(document());
    refused(() -> LicenseVerifier.verify(e, Map.of()), "keyId");
    e.remove("keyId");
    refused(() -> LicenseVerifier.verify(e, keys), "keyId");
  }

  @Test
  void refusesAMissingOrMalformedSignature() {
    ObjectNode e = signed(document());
    e.put("signature", "not base64!");
    refused(() -> LicenseVerifier.verify(e, keys), "signature");
    e.put("signature", Base64.getEncoder().encodeToString(new byte[12]));
    refused(() -> LicenseVerifier.verify(e, keys), "signature");
    e.remove("signature");
    refused(() -> LicenseVerifier.verify(e, keys), "signature");
  }

  @Test
  void refusesUnknownEnvelopeMembersAndOtherAlgorithms() {
    ObjectNode e = signed(document());
    e.put("extra", 1);
    refused(() -> LicenseVerifier.verify(e, keys), "extra");
    ObjectNode f = signed(document());
    f.put("algorithm", "RSA");
    refused(() -> LicenseVerifier.verify(f, keys), "algorithm");
  }

  @Test
  void refusesMalformedDocumentsNamingTheMember() {
    Map<String, Object> d = document();
    d.remove("installId");
    refused(() -> LicenseVerifier.verify(signed(d), keys), "license.installId");
    Map<String, Object> v = document();
    v.put("version", 2);
    refused(() -> LicenseVerifier.verify(signed(v), keys), "license.version");
    Map<String, Object> t = document();
    t.put("expiresAt", "next year");
    refused(() -> LicenseVerifier.verify(signed(t), keys), "license.expiresAt");
    Map<String, Object> l = document();
    l.put("limits", Map.of("maxSeats", 3));
    refused(() -> LicenseVerifier.verify(signed(l), keys), "license.limits.maxSeats");
    Map<String, Object> g = document();
    g.put("gracePeriod", 400);
    refused(() -> LicenseVerifier.verify(signed(g), keys), "license.gracePeriod");
    refused(
        () -> LicenseVerifier.verify(envelope("{\"version\":1,\"version\":1}"), keys), "license");
    refused(() -> LicenseVerifier.verify(envelope("[1]"), keys), "license");
  }

  @Test
  void readsTheGracePeriodAsDaysOrAnIsoDuration() {
    Map<String, Object> d = document();
    d.put("gracePeriod", 7);
    assertThat(LicenseVerifier.verify(signed(d), keys).license().gracePeriod())
        .isEqualTo(Duration.ofDays(7));
    d.remove("gracePeriod");
    assertThat(LicenseVerifier.verify(signed(d), keys).license().gracePeriod())
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void refusesAnotherInstallsLicenseAndOnePastItsGracePeriod() {
    License l = LicenseVerifier.verify(signed(document()), keys).license();
    refused(() -> LicenseVerifier.checkUsable(l, UUID.randomUUID(), NOW), "license.installId");
    Instant afterGrace = l.expiresAt().plus(Duration.ofDays(14));
    refused(() -> LicenseVerifier.checkUsable(l, INSTALL, afterGrace), "license.expiresAt");
    LicenseVerifier.checkUsable(l, INSTALL, afterGrace.minusSeconds(1));
  }

  @Test
  void stateFollowsTheClockThroughExpiringGraceAndExpired() {
    License l = LicenseVerifier.verify(signed(document()), keys).license();
    Duration window = Duration.ofDays(30);
    Instant exp = l.expiresAt();
    assertThat(LicenseState.at(l, NOW, window)).isEqualTo(LicenseState.VALID);
    assertThat(LicenseState.at(l, exp.minus(Duration.ofDays(29)), window))
        .isEqualTo(LicenseState.EXPIRING);
    assertThat(LicenseState.at(l, exp.plusSeconds(1), window)).isEqualTo(LicenseState.GRACE);
    assertThat(LicenseState.at(l, exp.plus(Duration.ofDays(14)), window))
        .isEqualTo(LicenseState.EXPIRED);
    assertThat(LicenseState.EXPIRED.usable()).isFalse();
    assertThat(LicenseState.GRACE.usable()).isTrue();
  }

  @Test
  void vendorKeysAreReadFromRawBase64OrPemAndAMalformedOneIsRefused() {
    String raw = Base64.getEncoder().encodeToString(vendorPublic);
    byte[] spki = new byte[44];
    System.arraycopy(
        new byte[] {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00},
        0,
        spki,
        0,
        12);
    System.arraycopy(vendorPublic, 0, spki, 12, 32);
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getEncoder().encodeToString(spki)
            + "\n-----END PUBLIC KEY-----\n";
    assertThat(VendorKeys.parse(List.of(raw))).containsOnlyKeys(keyId);
    assertThat(VendorKeys.parse(List.of(pem)).get(keyId)).isEqualTo(vendorPublic);
    assertThatThrownBy(() -> VendorKeys.parse(List.of(raw, "c2hvcnQ=")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("palisade.license.vendor-public-keys[1]");
    assertThatThrownBy(() -> VendorKeys.parse(List.of("-----BEGIN PUBLIC KEY-----\nAAAA")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void aStoredLicenseStopsVerifyingWhenItsKeyIsRemoved() {
    JsonNode e = signed(document());
    SignedLicense s = LicenseVerifier.verify(e, keys);
    LicenseVerifier withKey =
        new LicenseVerifier(
            new LicenseConfig(
                List.of(Base64.getEncoder().encodeToString(vendorPublic)),
                Duration.ofDays(30),
                25));
    LicenseVerifier without =
        new LicenseVerifier(new LicenseConfig(List.of(), Duration.ofDays(30), 25));
    assertThat(withKey.stillVerifies(s.document(), s.keyId(), s.signature())).isTrue();
    assertThat(without.stillVerifies(s.document(), s.keyId(), s.signature())).isFalse();
  }
}
