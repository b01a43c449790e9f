package dev.palisade.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * One stored entry of an audit chain, exactly as hashed. {@code publicMetadata} is canonical JSON
 * text; {@code sealedMetadata} is {@code nonce || AES-GCM ciphertext} under keyring version {@code
 * sealedKeyVersion}, or null when the entry has no sealed part.
 */
public record AuditEntry(
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
    Integer sealedKeyVersion,
    byte[] contentHash,
    byte[] chainHash) {

  public AuditEntry {
    requireNonNull(chainId, "chainId is null");
    requireNonNull(id, "id is null");
    requireNonNull(occurredAt, "occurredAt is null");
    requireNonNull(actorType, "actorType is null");
    requireNonNull(actorId, "actorId is null");
    requireNonNull(action, "action is null");
    requireNonNull(contentHash, "contentHash is null");
    requireNonNull(chainHash, "chainHash is null");
    if ((sealedMetadata == null) != (sealedKeyVersion == null)) {
      throw new IllegalArgumentException("sealed metadata and its key version go together");
    }
  }

  /** The same entry with its content and chain hashes set. */
  public AuditEntry withHashes(byte[] content, byte[] chain) {
    return new AuditEntry(
        chainId,
        sequence,
        id,
        occurredAt,
        actorType,
        actorId,
        action,
        subjectType,
        subjectId,
        reason,
        publicMetadata,
        sealedMetadata,
        sealedKeyVersion,
        content,
        chain);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditEntry e
        && chainId.equals(e.chainId)
        && sequence == e.sequence
        && Arrays.equals(chainHash, e.chainHash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(chainHash);
  }

  @Override
  public String toString() {
    return "AuditEntry[" + chainId + "#" + sequence + " " + action + "]";
  }
}
