package dev.palisade.keys;

/**
 * A key-encryption key (KEK) held by an external or local provider, used to wrap and unwrap the
 * data keys of the platform's keyrings (envelope encryption).
 *
 * <p>Contract, for every implementation:
 *
 * <ul>
 *   <li>Thread-safe; one instance serves the whole process.
 *   <li>{@code context} is bound to the wrapped key as associated data: unwrapping with another
 *       context fails. Callers pass the identity of what the key protects (for example the org id
 *       and the keyring version).
 *   <li>Plaintext data keys passed in or returned are owned by the caller, who zeroes them after
 *       use. Implementations never log, cache on disk, or put key material or provider credentials
 *       into exceptions.
 *   <li>Failures are {@link dev.palisade.errors.PlatformException}s with a sanitized message: an
 *       unreachable provider is {@code DEPENDENCY_UNAVAILABLE}, a refused or failed operation
 *       {@code DEPENDENCY_FAILED}. Callers fail closed.
 * </ul>
 */
public interface KeyProvider {
  /**
   * The provider type, as configured: the {@link KeyBackend#type()} of the backend that built it.
   */
  String type();

  /** Wraps a data key under the provider's current KEK version. */
  WrappedKey wrap(byte[] dataKey, byte[] context);

  /** Unwraps a key produced by {@link #wrap} or {@link #generate} with the same context. */
  byte[] unwrap(WrappedKey wrapped, byte[] context);

  /** A fresh 256-bit data key, returned both plain and wrapped. */
  default DataKey generate(byte[] context) {
    byte[] key = dev.palisade.crypto.Tokens.randomBytes(32);
    return new DataKey(key, wrap(key, context));
  }

  /**
   * Re-wraps under the provider's newest KEK version. Implementations whose provider can do this
   * without exposing the key (Vault rewrap, KMS ReEncrypt) override it.
   */
  default WrappedKey rewrap(WrappedKey wrapped, byte[] context) {
    byte[] key = unwrap(wrapped, context);
    try {
      return wrap(key, context);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  /** Checks the provider with a live wrap/unwrap round trip of a throwaway key. */
  default ProviderCheck verify(java.time.Clock clock) {
    return ProviderCheck.roundTrip(this, clock);
  }

  /** What the provider is, without secrets: safe for logs, responses and events. */
  ProviderDescription describe();
}
