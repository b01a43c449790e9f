package dev.palisade.keys.vault;

import dev.palisade.crypto.Hashes;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Binds a data key to its context inside the plaintext that Transit encrypts: {@code 0x01 ||
 * SHA-256(context) || data key}. Transit's AES-GCM authenticates the whole, so the binding cannot
 * be changed without the Transit key, and it survives a server-side rewrap, which Transit's own
 * {@code associated_data} (Vault 1.13+, documented for encrypt and decrypt only) would not. Works
 * on every Vault and OpenBao version and needs no derived key.
 */
final class ContextBinding {
  private static final byte FORMAT = 1;
  private static final int HASH = 32;

  private ContextBinding() {}

  static byte[] bind(byte[] dataKey, byte[] context) {
    return ByteBuffer.allocate(1 + HASH + dataKey.length)
        .put(FORMAT)
        .put(Hashes.sha256(context))
        .put(dataKey)
        .array();
  }

  /** The data key, when {@code bound} was made for {@code context}. Zeroes {@code bound}. */
  static byte[] open(byte[] bound, byte[] context) {
    try {
      if (bound.length <= 1 + HASH || bound[0] != FORMAT) {
        throw new PlatformException(
            ErrorCode.DEPENDENCY_FAILED, "Vault returned a key in an unknown format");
      }
      if (!Hashes.equal(Arrays.copyOfRange(bound, 1, 1 + HASH), Hashes.sha256(context))) {
        throw new PlatformException(
            ErrorCode.DEPENDENCY_FAILED,
            "Vault unwrap refused: the wrapped key belongs to another context");
      }
      return Arrays.copyOfRange(bound, 1 + HASH, bound.length);
    } finally {
      Arrays.fill(bound, (byte) 0);
    }
  }
}
