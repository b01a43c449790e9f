package dev.palisade.storage;

import dev.palisade.crypto.Hashes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * An upload as it streams through: counts the bytes, computes their SHA-256, and fails a body
 * longer than it announced. Mark and reset are not supported, so nothing downstream buffers the
 * body.
 */
final class HashingInput extends FilterInputStream {
  private final MessageDigest digest = Hashes.sha256();
  private final long limit;
  private long count;
  private boolean broken;

  HashingInput(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = super.read();
    } catch (IOException e) {
      broken = true;
      throw e;
    }
    if (b >= 0) {
      digest.update((byte) b);
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (IOException e) {
      broken = true;
      throw e;
    }
    if (n > 0) {
      digest.update(b, off, n);
      counted(n);
    }
    return n;
  }

  private void counted(int n) throws IOException {
    count += n;
    if (count > limit) {
      broken = true;
      throw new IOException("the body is longer than its Content-Length");
    }
  }

  @Override
  public long skip(long n) {
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Whether the client's body failed (broke off, or ran past its length). */
  boolean broken() {
    return broken;
  }

  long count() {
    return count;
  }

  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
