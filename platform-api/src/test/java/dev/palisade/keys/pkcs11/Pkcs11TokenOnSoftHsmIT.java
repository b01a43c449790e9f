package dev.palisade.keys.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.WrappedKey;
import java.security.Key;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the PKCS#11 provider does with a real SoftHSM2 token beyond the common contract. */
class Pkcs11TokenOnSoftHsmIT {
  private static final byte[] CONTEXT = "org:1/keyring:1".getBytes(UTF_8);

  @BeforeAll
  static void token() throws Exception {
    SoftHsm.token();
  }

  @Test
  void createdKeyIsASensitiveNonExtractableTokenObjectWithItsLabel() throws Exception {
    String label = "kek-" + UUID.randomUUID();
    try (Pkcs11KeyProvider p = Pkcs11KeyProvider.create(SoftHsm.config(label, true))) {
      p.wrap(new byte[32], CONTEXT);
    }
    Pkcs11Token fresh = Pkcs11Token.open(SoftHsm.config(label, false));
    try {
      Key key = fresh.key(label, false);
      assertThat(key.getEncoded()).as("key material must not leave the token").isNull();
    } finally {
      fresh.logout();
    }
    String objects =
        SoftHsm.run(
            "pkcs11-tool",
            "--module",
            SoftHsm.LIBRARY,
            "--token-label",
            SoftHsm.TOKEN_LABEL,
            "--login",
            "--pin",
            SoftHsm.PIN,
            "--list-objects",
            "--type",
            "secrkey");
    String entry = objects.substring(objects.indexOf("label:      " + label) - 80);
    assertThat(entry).contains("AES").contains("sensitive").contains("never extractable");
  }

  @Test
  void keysWrappedBeforeARestartUnwrapAfterIt() {
    WrappedKey wrapped;
    try (Pkcs11KeyProvider p = Pkcs11KeyProvider.create(SoftHsm.config("palisade-kek", true))) {
      wrapped = p.wrap(new byte[32], CONTEXT);
    }
    try (Pkcs11KeyProvider p = Pkcs11KeyProvider.create(SoftHsm.config("palisade-kek", false))) {
      assertThat(p.unwrap(wrapped, CONTEXT)).isEqualTo(new byte[32]);
    }
  }

  @Test
  void missingKeyWithoutCreateFailsNamingTheLabelAndTheSetting() {
    try (Pkcs11KeyProvider p = Pkcs11KeyProvider.create(SoftHsm.config("absent-kek", false))) {
      PlatformException e = failure(() -> p.wrap(new byte[32], CONTEXT));
      assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
      assertThat(e.getMessage())
          .contains("no AES key labelled 'absent-kek'")
          .contains("create-key-if-missing");
    }
  }

  @Test
  void wrongPinIsRefusedWithoutShowingIt() {
    Pkcs11KeysConfig config =
        new Pkcs11KeysConfig(SoftHsm.LIBRARY, null, 0, "wrong-pin-3391", "palisade-kek", false);
    try (Pkcs11KeyProvider p = Pkcs11KeyProvider.create(config)) {
      PlatformException e = failure(() -> p.wrap(new byte[32], CONTEXT));
      assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
      assertThat(e.getMessage()).contains("refused the PIN").doesNotContain("wrong-pin-3391");
    }
  }

  @Test
  void missingLibraryIsUnavailable() {
    Pkcs11KeysConfig config =
        new Pkcs11KeysConfig("/nonexistent/libvendor.so", null, null, "1234", "k", false);
    try (Pkcs11KeyProvider p = Pkcs11KeyProvider.create(config)) {
      PlatformException e = failure(() -> p.wrap(new byte[32], CONTEXT));
      assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
      assertThat(e.getMessage()).contains("/nonexistent/libvendor.so").doesNotContain("1234");
    }
  }

  private static PlatformException failure(Runnable op) {
    PlatformException e = catchThrowableOfType(PlatformException.class, op::run);
    assertThat(e).isNotNull();
    return e;
  }
}
