package dev.palisade.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 8032, section 7.1, TEST 2 (one-byte message). */
  @Test
  void signaturesMatchTheRfc8032TestVector() {
    byte[] secret =
        HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    byte[] message = HEX.parseHex("72");
    String expected =
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
    assertThat(HEX.formatHex(Ed25519.publicKeyOf(secret)))
        .isEqualTo("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    assertThat(HEX.formatHex(Ed25519.sign(secret, message))).isEqualTo(expected);
    Ed25519.SigningKey key = Ed25519.signingKey(secret);
    assertThat(HEX.formatHex(key.sign(message))).isEqualTo(expected);
    assertThat(HEX.formatHex(key.sign(message))).as("the same key signs again").isEqualTo(expected);
  }

  @Test
  void aPreparedKeySignsWhatThePublicKeyVerifiesAndNothingElse() {
    byte[][] pair = Ed25519.generate();
    Ed25519.SigningKey key = Ed25519.signingKey(pair[0]);
    byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(message);
    assertThat(Ed25519.verify(pair[1], message, signature)).isTrue();
    assertThat(Ed25519.verify(pair[1], "checkpoinT".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
    assertThat(key.toString()).doesNotContain(HEX.formatHex(pair[0]));
  }
}
