package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** The sign-in view of an install admin or a member: what login needs and nothing else. */
record Account(
    UUID id,
    String email,
    String passwordHash,
    boolean active,
    int failedAttempts,
    Instant lockedUntil,
    Role role,
    int tokenEpoch) {

  Account {
    requireNonNull(id, "id is null");
    requireNonNull(email, "email is null");
    requireNonNull(passwordHash, "passwordHash is null");
  }

  @Override
  public String toString() {
    return "Account[id=" + id + ", active=" + active + "]";
  }
}
