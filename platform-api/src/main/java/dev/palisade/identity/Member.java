package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** A member of one organization as shown by the API; never carries the password hash. */
public record Member(
    UUID id, String email, String role, String status, Instant createdAt, Instant updatedAt) {
  public Member {
    requireNonNull(id, "id is null");
    requireNonNull(email, "email is null");
    requireNonNull(role, "role is null");
    requireNonNull(status, "status is null");
  }
}
