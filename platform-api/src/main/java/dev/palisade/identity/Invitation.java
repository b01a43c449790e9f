package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** An issued invitation. {@code token} is returned once, at creation, and is stored only hashed. */
public record Invitation(UUID id, String email, String role, Instant expiresAt, String token) {
  public Invitation {
    requireNonNull(id, "id is null");
    requireNonNull(email, "email is null");
    requireNonNull(role, "role is null");
    requireNonNull(expiresAt, "expiresAt is null");
  }

  @Override
  public String toString() {
    return "Invitation[id=" + id + ", role=" + role + "]";
  }
}
