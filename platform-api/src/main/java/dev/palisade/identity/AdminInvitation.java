package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * An issued invitation of an install admin. {@code token} is returned once, at creation, and is
 * stored only hashed.
 */
public record AdminInvitation(UUID id, String email, Instant expiresAt, String token) {
  public AdminInvitation {
    requireNonNull(id, "id is null");
    requireNonNull(email, "email is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(token, "token is null");
  }

  @Override
  public String toString() {
    return "AdminInvitation[id=" + id + "]";
  }
}
