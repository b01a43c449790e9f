package dev.palisade.storage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An audit export written to a storage binding as one bundle (see {@code docs/audit-log.md}): when,
 * in which format and with which filters it was taken, where it is ({@code objectKey} on the
 * binding {@code bindingId}), its size and SHA-256 (hex), how many entries it holds, the highest
 * sequence it covers, and who asked for it ({@code requester}, an actor such as {@code
 * member:<id>}).
 */
public record AuditBundle(
    UUID id,
    Instant createdAt,
    String format,
    Map<String, Object> filters,
    @JsonIgnore UUID bindingId,
    String objectKey,
    long size,
    String sha256,
    long entries,
    long chainSequence,
    String requester) {
  public AuditBundle {
    requireNonNull(id, "id is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(format, "format is null");
    filters = Map.copyOf(requireNonNull(filters, "filters is null"));
    requireNonNull(bindingId, "bindingId is null");
    requireNonNull(objectKey, "objectKey is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(requester, "requester is null");
  }
}
