package dev.palisade.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A signed statement that chain {@code chainId} had {@code chainHash} at {@code sequence}. */
public record Checkpoint(
    String chainId,
    long sequence,
    byte[] chainHash,
    Instant signedAt,
    String keyId,
    byte[] signature) {
  public Checkpoint {
    requireNonNull(chainId, "chainId is null");
    requireNonNull(chainHash, "chainHash is null");
    requireNonNull(signedAt, "signedAt is null");
    requireNonNull(keyId, "keyId is null");
    requireNonNull(signature, "signature is null");
  }
}
