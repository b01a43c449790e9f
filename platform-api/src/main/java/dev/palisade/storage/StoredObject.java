package dev.palisade.storage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/** A file's metadata: its key, size, SHA-256 (hex), content type, and where its content is. */
public record StoredObject(
    String key,
    long size,
    String sha256,
    String contentType,
    @JsonIgnore UUID bindingId,
    @JsonIgnore String objectName,
    Instant createdAt) {
  public StoredObject {
    requireNonNull(key, "key is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(contentType, "contentType is null");
    requireNonNull(bindingId, "bindingId is null");
    requireNonNull(objectName, "objectName is null");
    requireNonNull(createdAt, "createdAt is null");
  }
}
