package dev.palisade.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A signed receipt of a sensitive operation. {@code document} is the exact signed text (canonical
 * JSON, UTF-8); {@code signature} is Ed25519 over it with the install checkpoint key {@code keyId}.
 */
public record Receipt(
    UUID id,
    Instant issuedAt,
    String operation,
    String actor,
    UUID orgId,
    String subject,
    String outcome,
    String document,
    String keyId,
    byte[] signature) {}
