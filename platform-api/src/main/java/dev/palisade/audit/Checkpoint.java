package dev.palisade.audit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A signed statement that chain {@code chainId} had {@code chainHash} at {@code sequence}: the
 * chain's checkpoint number {@code number} (1, 2, 3, … without gaps). {@code version} 2 signs the
 * number too; version 1, signed before checkpoints were numbered, does not (see {@code
 * docs/audit-chain.md}).
 */
public record Checkpoint(
    String chainId,
    long sequence,
    byte[] chainHash,
    Instant signedAt,
    String keyId,
    byte[] signature,
    long number,
    int version) {
  public Checkpoint {
    requireNonNull(chainId, "chainId is null");
    requireNonNull(chainHash, "chainHash is null");
    requireNonNull(signedAt, "signedAt is null");
    requireNonNull(keyId, "keyId is null");
    requireNonNull(signature, "signature is null");
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("unknown checkpoint version " + version);
    }
  }

  /** The signed message of this checkpoint, by its version. */
  public byte[] message() {
    return message(version, chainId, number, sequence, chainHash, signedAt);
  }

  /**
   * Version 2: {@code "palisade-checkpoint-v2\n" chainId "\n" number "\n" sequence "\n"
   * hex(chainHash) "\n" time}; version 1 is the same without the number line.
   */
  static byte[] message(
      int version, String chainId, long number, long sequence, byte[] chainHash, Instant at) {
    String head =
        version == 1
            ? "palisade-checkpoint-v1\n" + chainId + "\n"
            : "palisade-checkpoint-v2\n" + chainId + "\n" + number + "\n";
    return (head
            + sequence
            + "\n"
            + HexFormat.of().formatHex(chainHash)
            + "\n"
            + ChainEncoding.formatTime(at))
        .getBytes(StandardCharsets.UTF_8);
  }
}
