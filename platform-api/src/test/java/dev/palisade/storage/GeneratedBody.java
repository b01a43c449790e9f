package dev.palisade.storage;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;

/**
 * {@code size} pseudo-random bytes produced as they are read, never held whole, each added to
 * {@code digest} on the way: a large upload body with a known SHA-256.
 */
public final class GeneratedBody extends InputStream {
  private final Random random;
  private final MessageDigest digest;
  private final byte[] block = new byte[64 * 1024];
  private long left;

  public GeneratedBody(long size, long seed, MessageDigest digest) {
    this.left = size;
    this.random = new Random(seed);
    this.digest = digest;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (left == 0) {
      return -1;
    }
    int n = (int) Math.min(Math.min(len, left), block.length);
    random.nextBytes(block);
    System.arraycopy(block, 0, b, off, n);
    digest.update(block, 0, n);
    left -= n;
    return n;
  }
}
