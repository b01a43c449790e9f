package dev.palisade.keys.pkcs11;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KekSealing;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.ProviderDescription;
import dev.palisade.keys.WrappedKey;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.ProviderException;
import java.util.Map;
import javax.crypto.AEADBadTagException;

/**
 * A KEK that never leaves a PKCS#11 token (an HSM, or SoftHSM in tests), used through SunPKCS11.
 * Data keys are sealed with AES/GCM/NoPadding inside the token under the labelled AES key, with a
 * random 96-bit nonce and the context as associated data (tokens reached through SunPKCS11 offer no
 * AES key wrap). The KEK version is the label of the key that sealed, so changing {@code key-label}
 * rotates: older keys still unwrap with their own key and {@link #rewrap} moves them. The token is
 * opened at first use and reopened after a failure. Thread-safe.
 */
public final class Pkcs11KeyProvider implements KeyProvider, AutoCloseable {
  private final Pkcs11KeysConfig config;
  private Pkcs11Token token;

  private Pkcs11KeyProvider(Pkcs11KeysConfig config) {
    this.config = config;
  }

  /** A provider for {@code config}; the library is loaded at the first operation. */
  public static Pkcs11KeyProvider create(Pkcs11KeysConfig config) {
    return new Pkcs11KeyProvider(requireNonNull(config, "config is null"));
  }

  @Override
  public String type() {
    return "pkcs11";
  }

  @Override
  public WrappedKey wrap(byte[] dataKey, byte[] context) {
    Pkcs11Token t = token();
    try {
      Key kek = t.key(config.keyLabel(), config.createKeyIfMissing());
      byte[] sealed = KekSealing.seal(kek, t.provider(), dataKey, context);
      return new WrappedKey(type(), config.keyLabel(), config.keyLabel(), sealed);
    } catch (GeneralSecurityException | ProviderException e) {
      reset(t);
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "PKCS#11 wrap failed at " + config.token());
    }
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped, byte[] context) {
    Pkcs11Token t = token();
    try {
      Key kek = t.key(wrapped.kekVersion(), false);
      return KekSealing.open(kek, t.provider(), wrapped.ciphertext(), context);
    } catch (AEADBadTagException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED,
          "PKCS#11 unwrap refused: the wrapped key was altered or belongs to another context");
    } catch (GeneralSecurityException | ProviderException e) {
      reset(t);
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "PKCS#11 unwrap failed at " + config.token());
    }
  }

  @Override
  public ProviderDescription describe() {
    return new ProviderDescription(
        type(), config.keyLabel(), Map.of("library", config.library(), "token", config.token()));
  }

  @Override
  public synchronized void close() {
    if (token != null) {
      token.logout();
      token = null;
    }
  }

  @Override
  public String toString() {
    return "Pkcs11KeyProvider[library="
        + config.library()
        + ", token="
        + config.token()
        + ", keyLabel="
        + config.keyLabel()
        + "]";
  }

  private synchronized Pkcs11Token token() {
    if (token == null) {
      token = Pkcs11Token.open(config);
    }
    return token;
  }

  private synchronized void reset(Pkcs11Token failed) {
    if (token == failed) {
      token = null;
    }
  }
}
