package dev.palisade.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyProvider} must do, run by one subclass per backend against a real token, a
 * protocol stub or a live service. Subclasses provide a working provider, one that reaches nothing,
 * a way to rotate the KEK, and the credentials they planted so the suite can check they never show.
 */
public abstract class KeyProviderContract {
  protected static final byte[] CONTEXT = "org:4f2a91/keyring:1".getBytes(UTF_8);
  protected static final byte[] OTHER_CONTEXT = "org:9c1d07/keyring:1".getBytes(UTF_8);

  /** A recognizable data key, to look for in every text a provider produces. */
  private static final byte[] DATA_KEY = HexFormat.of().parseHex("d47a" + "5e".repeat(28) + "c0de");

  private final List<String> texts = new ArrayList<>();

  /** The provider under test, the same instance for the whole test method. */
  protected abstract KeyProvider provider();

  /** A provider of the same kind whose backend cannot be reached. */
  protected abstract KeyProvider unreachableProvider();

  /**
   * Rotates the KEK the way an operator would and returns the provider to use afterwards; empty
   * when this backend cannot rotate in this setting.
   */
  protected abstract Optional<KeyProvider> rotateKek() throws Exception;

  /** Credentials and key material planted in the settings, which must never show anywhere. */
  protected abstract List<String> plantedSecrets() throws Exception;

  @Test
  void wrappedKeyUnwrapsToTheSameBytes() {
    WrappedKey wrapped = provider().wrap(DATA_KEY.clone(), CONTEXT);
    assertThat(provider().unwrap(wrapped, CONTEXT)).isEqualTo(DATA_KEY);
  }

  @Test
  void generatedKeyIs256BitsAndUnwrapsToTheSameBytes() {
    DataKey key = provider().generate(CONTEXT);
    assertThat(key.plaintext()).hasSize(32);
    assertThat(provider().unwrap(key.wrapped(), CONTEXT)).isEqualTo(key.plaintext());
    assertThat(key.toString()).doesNotContain(Base64.getEncoder().encodeToString(key.plaintext()));
  }

  @Test
  void wrappedKeyNamesItsProviderKeyAndKekVersion() {
    WrappedKey wrapped = provider().wrap(DATA_KEY.clone(), CONTEXT);
    assertThat(wrapped.provider()).isEqualTo(provider().type());
    assertThat(wrapped.keyId()).isEqualTo(provider().describe().keyId());
    assertThat(wrapped.kekVersion()).isNotBlank();
    assertThat(provider().describe().type()).isEqualTo(provider().type());
  }

  @Test
  void wrappingTheSameKeyTwiceGivesDifferentCiphertexts() {
    WrappedKey a = provider().wrap(DATA_KEY.clone(), CONTEXT);
    WrappedKey b = provider().wrap(DATA_KEY.clone(), CONTEXT);
    assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    assertThat(HexFormat.of().formatHex(a.ciphertext()))
        .doesNotContain(HexFormat.of().formatHex(DATA_KEY));
  }

  @Test
  void unwrapWithAnotherContextFailsClosed() {
    WrappedKey wrapped = provider().wrap(DATA_KEY.clone(), CONTEXT);
    PlatformException e = refused(() -> provider().unwrap(wrapped, OTHER_CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
  }

  @Test
  void tamperedCiphertextFailsToUnwrap() {
    WrappedKey wrapped = provider().wrap(DATA_KEY.clone(), CONTEXT);
    byte[] c = wrapped.ciphertext();
    c[c.length / 2] ^= 0x04;
    WrappedKey tampered =
        new WrappedKey(wrapped.provider(), wrapped.keyId(), wrapped.kekVersion(), c);
    PlatformException e = refused(() -> provider().unwrap(tampered, CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
  }

  @Test
  void truncatedCiphertextFailsToUnwrap() {
    WrappedKey wrapped = provider().wrap(DATA_KEY.clone(), CONTEXT);
    byte[] c = java.util.Arrays.copyOf(wrapped.ciphertext(), wrapped.ciphertext().length - 5);
    WrappedKey truncated =
        new WrappedKey(wrapped.provider(), wrapped.keyId(), wrapped.kekVersion(), c);
    PlatformException e = refused(() -> provider().unwrap(truncated, CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
  }

  @Test
  void rewrapKeepsTheKeyAndItsContext() {
    WrappedKey wrapped = provider().wrap(DATA_KEY.clone(), CONTEXT);
    WrappedKey rewrapped = provider().rewrap(wrapped, CONTEXT);
    assertThat(provider().unwrap(rewrapped, CONTEXT)).isEqualTo(DATA_KEY);
    refused(() -> provider().unwrap(rewrapped, OTHER_CONTEXT));
  }

  @Test
  void rewrapAfterKekRotationReportsTheNewVersionAndKeepsTheKey() throws Exception {
    WrappedKey old = provider().wrap(DATA_KEY.clone(), CONTEXT);
    Optional<KeyProvider> rotated = rotateKek();
    assumeTrue(rotated.isPresent(), "this backend cannot rotate here");
    KeyProvider p = rotated.get();
    WrappedKey rewrapped = p.rewrap(old, CONTEXT);
    assertThat(rewrapped.kekVersion()).isNotEqualTo(old.kekVersion());
    assertThat(rewrapped.keyId()).isEqualTo(p.describe().keyId());
    assertThat(p.unwrap(rewrapped, CONTEXT)).isEqualTo(DATA_KEY);
    assertThat(p.unwrap(old, CONTEXT)).as("older versions still unwrap").isEqualTo(DATA_KEY);
    assertThat(p.wrap(DATA_KEY.clone(), CONTEXT).kekVersion()).isEqualTo(rewrapped.kekVersion());
  }

  @Test
  void verifyReportsOkWithLatency() {
    ProviderCheck check = provider().verify(java.time.Clock.systemUTC());
    assertThat(check.ok()).as(check.detail()).isTrue();
    assertThat(check.type()).isEqualTo(provider().type());
    assertThat(check.keyId()).isEqualTo(provider().describe().keyId());
    assertThat(check.latencyMillis()).isBetween(0L, 60_000L);
    assertThat(check.detail()).isEqualTo("round trip ok");
  }

  @Test
  void concurrentWrapsAndUnwrapsAllSucceed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(
            pool.submit(() -> provider().unwrap(provider().wrap(DATA_KEY, CONTEXT), CONTEXT)));
      }
      for (Future<byte[]> r : results) {
        assertThat(r.get()).isEqualTo(DATA_KEY);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unreachableProviderFailsClosedWithDependencyUnavailable() {
    KeyProvider down = unreachableProvider();
    WrappedKey wrapped = provider().wrap(DATA_KEY.clone(), CONTEXT);
    for (Runnable op :
        List.<Runnable>of(
            () -> down.wrap(DATA_KEY.clone(), CONTEXT),
            () -> down.unwrap(wrapped, CONTEXT),
            () -> down.generate(CONTEXT))) {
      PlatformException e = refused(op::run);
      assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
    }
    ProviderCheck check = down.verify(java.time.Clock.systemUTC());
    assertThat(check.ok()).isFalse();
    texts.add(check.detail());
    texts.add(down.toString());
    texts.add(down.describe().toString());
  }

  @Test
  void secretsAndKeyBytesNeverShowInDescriptionsOrErrors() throws Exception {
    WrappedKey wrapped = provider().wrap(DATA_KEY.clone(), CONTEXT);
    texts.add(wrapped.toString());
    texts.add(provider().toString());
    texts.add(provider().describe().toString());
    refused(() -> provider().unwrap(wrapped, OTHER_CONTEXT));
    KeyProvider down = unreachableProvider();
    refused(() -> down.wrap(DATA_KEY.clone(), CONTEXT));
    refused(() -> down.unwrap(wrapped, CONTEXT));
    texts.add(down.verify(java.time.Clock.systemUTC()).detail());
    texts.add(down.toString());
    texts.add(down.describe().toString());
    List<String> forbidden = new ArrayList<>(plantedSecrets());
    forbidden.add(HexFormat.of().formatHex(DATA_KEY));
    forbidden.add(Base64.getEncoder().encodeToString(DATA_KEY));
    forbidden.add(new String(DATA_KEY, java.nio.charset.StandardCharsets.ISO_8859_1));
    for (String text : texts) {
      for (String secret : forbidden) {
        assertThat(text).doesNotContain(secret);
      }
      assertThat(text).doesNotContain("\tat ").doesNotContainPattern("://[^/\\s]*:[^/\\s]*@");
    }
  }

  @AfterEach
  void forgetTexts() {
    texts.clear();
  }

  /** Runs {@code op}, expects a PlatformException, and keeps every message of its chain. */
  protected PlatformException refused(Runnable op) {
    PlatformException e = catchThrowableOfType(PlatformException.class, op::run);
    assertThat(e).as("expected a PlatformException").isNotNull();
    for (Throwable t = e; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
    }
    assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\n");
    return e;
  }
}
