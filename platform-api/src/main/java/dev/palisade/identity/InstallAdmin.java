package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** An install admin as shown by the API; never carries the password hash. */
public record InstallAdmin(UUID id, String email, String status, Instant createdAt) {
  public InstallAdmin {
    requireNonNull(id, "id is null");
    requireNonNull(email, "email is null");
    requireNonNull(status, "status is null");
    requireNonNull(createdAt, "createdAt is null");
  }
}
