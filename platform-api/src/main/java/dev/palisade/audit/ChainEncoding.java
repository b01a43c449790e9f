package dev.palisade.audit;

import dev.palisade.crypto.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Version 1 of the canonical encoding of an audit entry, and the hash chain over it. Specified,
 * with a worked example, in {@code docs/audit-chain.md}:
 *
 * <pre>
 * content = "palisade-audit-entry-v1" field*
 * field   = 0xFF                      (null)
 *         | 0x00 uint32-be(len) bytes (present; strings as UTF-8)
 * fields, in order: chain id, sequence (decimal), id (lowercase UUID), occurred at (UTC,
 *   yyyy-MM-ddTHH:mm:ss.SSSSSSZ), actor type, actor id, action, subject type, subject id,
 *   reason, public metadata (RFC 8785 JSON text), sealed metadata (raw bytes),
 *   sealed key version (decimal)
 * content_hash = SHA-256(content)
 * chain_hash_1 = SHA-256(GENESIS || content_hash_1), GENESIS = 32 zero bytes
 * chain_hash_n = SHA-256(chain_hash_(n-1) || content_hash_n)
 * </pre>
 */
public final class ChainEncoding {
  public static final byte[] GENESIS = new byte[32];
  private static final byte[] MAGIC = "palisade-audit-entry-v1".getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private ChainEncoding() {}

  /** Timestamps are stored and hashed at microsecond precision, the precision of PostgreSQL. */
  public static Instant truncate(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  public static String formatTime(Instant t) {
    return TIME.format(truncate(t));
  }

  /** The canonical encoding of every stored field of {@code e} except its two hashes. */
  public static byte[] encode(AuditEntry e) {
    Buffer b = new Buffer();
    b.raw(MAGIC);
    b.text(e.chainId());
    b.text(Long.toString(e.sequence()));
    b.text(e.id().toString());
    b.text(formatTime(e.occurredAt()));
    b.text(e.actorType());
    b.text(e.actorId());
    b.text(e.action());
    b.text(e.subjectType());
    b.text(e.subjectId());
    b.text(e.reason());
    b.text(e.publicMetadata());
    b.bytes(e.sealedMetadata());
    b.text(e.sealedKeyVersion() == null ? null : e.sealedKeyVersion().toString());
    return b.toArray();
  }

  public static byte[] contentHash(AuditEntry e) {
    return Hashes.sha256(encode(e));
  }

  public static byte[] chainHash(byte[] previousChainHash, byte[] contentHash) {
    MessageDigest d = Hashes.sha256();
    d.update(previousChainHash);
    d.update(contentHash);
    return d.digest();
  }

  private static final class Buffer {
    private ByteBuffer buf = ByteBuffer.allocate(512);

    void raw(byte[] b) {
      ensure(b.length);
      buf.put(b);
    }

    void text(String s) {
      bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] b) {
      if (b == null) {
        ensure(1);
        buf.put((byte) 0xFF);
        return;
      }
      ensure(5 + b.length);
      buf.put((byte) 0x00);
      buf.putInt(b.length);
      buf.put(b);
    }

    private void ensure(int n) {
      if (buf.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
    }

    byte[] toArray() {
      byte[] out = new byte[buf.position()];
      buf.flip();
      buf.get(out);
      return out;
    }
  }
}
