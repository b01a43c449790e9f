package dev.palisade.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM with a random 96-bit nonce and a 128-bit tag. A sealed value is {@code nonce ||
 * ciphertext || tag}; the associated data binds it to what it belongs to, so opening it with other
 * associated data fails like tampering does. The key may live in this JVM or in a PKCS#11 token
 * ({@code provider}; null means the JVM's default). Stateless and thread-safe.
 *
 * <p>Callers that store sealed values with a format marker (key wrapping) prepend it themselves;
 * audit metadata is stored exactly as returned here.
 */
public final class AesGcm {
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One cipher per thread for keys in this JVM: {@code Cipher.getInstance} walks the provider list
   * on every call and costs as much as sealing a small value. A cipher is re-initialised with a
   * fresh nonce for every use, so reusing it carries nothing from one value to the next.
   */
  private static final ThreadLocal<Cipher> JVM_CIPHER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance(TRANSFORMATION);
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM is not available in this JVM", e);
            }
          });

  private AesGcm() {}

  public static byte[] seal(Key key, Provider provider, byte[] plaintext, byte[] aad)
      throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    Cipher cipher = cipher(provider);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
    cipher.updateAAD(aad);
    byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
    System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
    int n = cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
    if (n != out.length - NONCE_BYTES) {
      throw new GeneralSecurityException("unexpected AES-GCM output length");
    }
    return out;
  }

  /**
   * Opens {@code sealed[offset..]} made by {@link #seal}. A truncated, altered or foreign value, or
   * other associated data, throws {@link AEADBadTagException}.
   */
  public static byte[] open(Key key, Provider provider, byte[] sealed, int offset, byte[] aad)
      throws GeneralSecurityException {
    if (sealed.length - offset < NONCE_BYTES + TAG_BYTES) {
      throw new AEADBadTagException("sealed value is truncated");
    }
    Cipher cipher = cipher(provider);
    cipher.init(
        Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, offset, NONCE_BYTES));
    cipher.updateAAD(aad);
    return cipher.doFinal(sealed, offset + NONCE_BYTES, sealed.length - offset - NONCE_BYTES);
  }

  private static Cipher cipher(Provider provider) throws GeneralSecurityException {
    return provider == null ? JVM_CIPHER.get() : Cipher.getInstance(TRANSFORMATION, provider);
  }
}
