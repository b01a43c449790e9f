package dev.palisade.storage;

import dev.palisade.crypto.Hashes;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Bytes on their way out: counted, hashed with SHA-256, and refused past {@code limit} with {@link
 * TooLarge}. Closing it does not close the stream it writes to. Not thread-safe.
 */
final class HashingOutput extends FilterOutputStream {
  /** More bytes than the limit were written. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("more than " + limit + " bytes");
    }
  }

  private final MessageDigest digest = Hashes.sha256();
  private final long limit;
  private long count;

  HashingOutput(OutputStream out, long limit) {
    super(out);
    this.limit = limit;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (count + len > limit) {
      throw new TooLarge(limit);
    }
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  long count() {
    return count;
  }

  /** The SHA-256 of what was written, in hex; call once, at the end. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
