package dev.palisade.audit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signed record that ends every NDJSON and JSON export: at {@code signedAt} the export held
 * {@code entries} entries whose chain hashes, in export order, hash to {@code digest}, and the
 * highest of them was entry {@code sequence} with {@code chainHash} (sequence 0 and the genesis
 * value for an export without entries). A verifier that checks it knows the export is whole: no
 * entry was removed from it, added to it or cut off its end. The signed message is specified in
 * {@code docs/audit-chain.md}.
 */
public record ExportCheckpoint(
    String chainId,
    long sequence,
    byte[] chainHash,
    long entries,
    byte[] digest,
    Instant signedAt,
    String keyId,
    byte[] signature) {
  public ExportCheckpoint {
    requireNonNull(chainId, "chainId is null");
    requireNonNull(chainHash, "chainHash is null");
    requireNonNull(digest, "digest is null");
    requireNonNull(signedAt, "signedAt is null");
    requireNonNull(keyId, "keyId is null");
    requireNonNull(signature, "signature is null");
  }

  /**
   * {@code "palisade-export-v1\n" chainId "\n" sequence "\n" hex(chainHash) "\n" entries "\n"
   * hex(digest) "\n" time}.
   */
  public static byte[] message(
      String chainId,
      long sequence,
      byte[] chainHash,
      long entries,
      byte[] digest,
      Instant signedAt) {
    HexFormat hex = HexFormat.of();
    return ("palisade-export-v1\n"
            + chainId
            + "\n"
            + sequence
            + "\n"
            + hex.formatHex(chainHash)
            + "\n"
            + entries
            + "\n"
            + hex.formatHex(digest)
            + "\n"
            + ChainEncoding.formatTime(signedAt))
        .getBytes(StandardCharsets.UTF_8);
  }
}
