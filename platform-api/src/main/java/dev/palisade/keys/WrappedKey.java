package dev.palisade.keys;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;

/**
 * A data key wrapped by a provider. {@code ciphertext} is opaque to everyone but the provider;
 * {@code kekVersion} names the KEK version that wrapped it, so rotation can find stale keys.
 */
public record WrappedKey(String provider, String keyId, String kekVersion, byte[] ciphertext) {
  public WrappedKey {
    requireNonNull(provider, "provider is null");
    requireNonNull(keyId, "keyId is null");
    requireNonNull(kekVersion, "kekVersion is null");
    ciphertext = requireNonNull(ciphertext, "ciphertext is null").clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey w
        && provider.equals(w.provider)
        && keyId.equals(w.keyId)
        && kekVersion.equals(w.kekVersion)
        && Arrays.equals(ciphertext, w.ciphertext);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "WrappedKey[provider="
        + provider
        + ", keyId="
        + keyId
        + ", kekVersion="
        + kekVersion
        + ", ciphertext="
        + Base64.getEncoder().encodeToString(ciphertext).length()
        + " chars]";
  }
}
