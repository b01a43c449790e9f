package dev.palisade.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

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

  public static byte[] encode(
      String chainId,
      long sequence,
      UUID id,
      Instant occurredAt,
      String actorType,
      String actorId,
      String action,
      String subjectType,
      String subjectId,
      String reason,
      String publicMetadata,
      byte[] sealedMetadata,
      Integer sealedKeyVersion) {
    Buffer b = new Buffer();
    b.raw(MAGIC);
    b.text(chainId);
    b.text(Long.toString(sequence));
    b.text(id.toString());
    b.text(formatTime(occurredAt));
    b.text(actorType);
    b.text(actorId);
    b.text(action);
    b.text(subjectType);
    b.text(subjectId);
    b.text(reason);
    b.text(publicMetadata);
    b.bytes(sealedMetadata);
    b.text(sealedKeyVersion == null ? null : sealedKeyVersion.toString());
    return b.toArray();
  }

  public static byte[] contentHash(AuditEntry e) {
    return sha256(
        encode(
            e.chainId(),
            e.sequence(),
            e.id(),
            e.occurredAt(),
            e.actorType(),
            e.actorId(),
            e.action(),
            e.subjectType(),
            e.subjectId(),
            e.reason(),
            e.publicMetadata(),
            e.sealedMetadata(),
            e.sealedKeyVersion()));
  }

  public static byte[] chainHash(byte[] previousChainHash, byte[] contentHash) {
    MessageDigest d = digest();
    d.update(previousChainHash);
    d.update(contentHash);
    return d.digest();
  }

  public static byte[] sha256(byte[] data) {
    return digest().digest(data);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
