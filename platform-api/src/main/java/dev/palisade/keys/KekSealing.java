package dev.palisade.keys;

import dev.palisade.crypto.AesGcm;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import javax.crypto.AEADBadTagException;

/**
 * How a KEK held in this JVM or in a PKCS#11 token wraps a data key: {@code 0x01 || AES-GCM(kek,
 * dataKey, aad = context)} ({@link AesGcm}'s {@code nonce || ciphertext || tag} after the format
 * byte). Opening with another context fails like tampering does.
 */
public final class KekSealing {
  private static final byte FORMAT = 1;

  private KekSealing() {}

  public static byte[] seal(Key kek, Provider provider, byte[] dataKey, byte[] context)
      throws GeneralSecurityException {
    byte[] sealed = AesGcm.seal(kek, provider, dataKey, context);
    byte[] out = new byte[1 + sealed.length];
    out[0] = FORMAT;
    System.arraycopy(sealed, 0, out, 1, sealed.length);
    return out;
  }

  /** Opens a value made by {@link #seal}; a foreign or altered value throws. */
  public static byte[] open(Key kek, Provider provider, byte[] sealed, byte[] context)
      throws GeneralSecurityException {
    if (sealed.length == 0 || sealed[0] != FORMAT) {
      throw new AEADBadTagException("not a sealed key of a known format");
    }
    return AesGcm.open(kek, provider, sealed, 1, context);
  }
}
