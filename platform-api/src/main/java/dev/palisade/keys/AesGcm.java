package dev.palisade.keys;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM sealing of data keys under a KEK that lives in this JVM or in a PKCS#11 token. A sealed
 * value is {@code 0x01 || 96-bit random nonce || ciphertext || 128-bit tag}; the caller's context
 * is the associated data, so opening with another context fails like tampering does. Stateless and
 * thread-safe.
 */
public final class AesGcm {
  private static final byte FORMAT = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private AesGcm() {}

  /** Seals {@code plaintext} under {@code kek}; {@code provider} null means the JVM default. */
  public static byte[] seal(Key kek, Provider provider, byte[] plaintext, byte[] aad)
      throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    Cipher cipher = cipher(provider);
    cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(aad);
    byte[] sealed = cipher.doFinal(plaintext);
    return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
        .put(FORMAT)
        .put(nonce)
        .put(sealed)
        .array();
  }

  /**
   * Opens a value made by {@link #seal}. A malformed, altered or foreign value, or another {@code
   * aad}, throws {@link AEADBadTagException}.
   */
  public static byte[] open(Key kek, Provider provider, byte[] sealed, byte[] aad)
      throws GeneralSecurityException {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT) {
      throw new AEADBadTagException("not a sealed key of a known format");
    }
    Cipher cipher = cipher(provider);
    cipher.init(
        Cipher.DECRYPT_MODE,
        kek,
        new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES)));
    cipher.updateAAD(aad);
    return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
  }

  private static Cipher cipher(Provider provider) throws GeneralSecurityException {
    return provider == null
        ? Cipher.getInstance("AES/GCM/NoPadding")
        : Cipher.getInstance("AES/GCM/NoPadding", provider);
  }
}
