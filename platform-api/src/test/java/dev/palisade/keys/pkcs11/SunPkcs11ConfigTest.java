package dev.palisade.keys.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The SunPKCS11 configuration generated from the settings. */
class SunPkcs11ConfigTest {
  @Test
  void makesGeneratedKeysLabelledSensitiveNonExtractableTokenKeys() {
    String config =
        Pkcs11Token.sunPkcs11Config(
            new Pkcs11KeysConfig("/usr/lib/x.so", null, null, "1234", "kek", true));
    assertThat(config)
        .contains("library = \"/usr/lib/x.so\"")
        .contains("slotListIndex = 0")
        .contains("attributes(generate, CKO_SECRET_KEY, CKK_AES)")
        .contains("CKA_TOKEN = true")
        .contains("CKA_LABEL = 0h6b656b")
        .contains("attributes(*, CKO_SECRET_KEY, CKK_AES)")
        .contains("CKA_SENSITIVE = true")
        .contains("CKA_EXTRACTABLE = false")
        .contains("CKA_ENCRYPT = true")
        .contains("CKA_DECRYPT = true")
        .doesNotContain("1234");
  }

  @Test
  void namesTheSlotWhenGivenById() {
    String config =
        Pkcs11Token.sunPkcs11Config(new Pkcs11KeysConfig("/x.so", 5, null, "1", "k", false));
    assertThat(config).contains("slot = 5").doesNotContain("slotListIndex");
  }
}
