package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = hasher.hash("correct horse".toCharArray());
    assertThat(hasher.verify("correct horse".toCharArray(), hash)).isTrue();
    assertThat(hasher.verify("correct hors".toCharArray(), hash)).isFalse();
    assertThat(hasher.verify("Correct horse".toCharArray(), hash)).isFalse();
  }

  @Test
  void writesPhcStringsWithTheOwaspParametersAndAFreshSalt() {
    String a = hasher.hash("same".toCharArray());
    String b = hasher.hash("same".toCharArray());
    assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void readsParametersBackFromTheStoredHash() {
    String cheap = new PasswordHasher(1024, 1, 1).hash("pw".toCharArray());
    assertThat(hasher.verify("pw".toCharArray(), cheap)).isTrue();
  }

  @Test
  void treatsMalformedHashesAsMismatches() {
    for (String bad :
        new String[] {
          null, "", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$x$y$z"
        }) {
      assertThat(hasher.verify("pw".toCharArray(), bad)).as(String.valueOf(bad)).isFalse();
    }
  }

  @Test
  void agreesWithTheReferenceArgon2Implementation() {
    // Produced by the reference implementation's CLI (Debian package argon2):
    //   echo -n password | argon2 somesalt -id -t 2 -m 6 -p 1 -l 32 -e
    //   echo -n "correct horse battery staple" | argon2 palisade-salt-16 -id -t 2 -k 19456 -p 1 -l
    // 32 -e
    assertThat(
            hasher.verify(
                "password".toCharArray(),
                "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI"))
        .isTrue();
    assertThat(
            hasher.verify(
                "correct horse battery staple".toCharArray(),
                "$argon2id$v=19$m=19456,t=2,p=1$cGFsaXNhZGUtc2FsdC0xNg$"
                    + "/p5GU2xSJeIw8ZZUpKoUwc/tu7orlONnIvT8GNqkV84"))
        .isTrue();
  }

  @Test
  void spendsNoHashOnStartAndOneFullDerivationPerDummyVerification() {
    PasswordHasher fresh = new PasswordHasher();
    assertThat(fresh.computed()).as("hashes made by the constructor").isZero();
    fresh.verifyDummy("not-a-real-password".toCharArray());
    fresh.verifyDummy("".toCharArray());
    assertThat(fresh.computed()).as("one derivation per dummy verification").isEqualTo(2);
  }
}
