package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An issued password reset. {@code token} is returned once, at issue, and stored only hashed. */
public record ResetToken(String token, Instant expiresAt) {
  public ResetToken {
    requireNonNull(token, "token is null");
    requireNonNull(expiresAt, "expiresAt is null");
  }

  @Override
  public String toString() {
    return "ResetToken[expiresAt=" + expiresAt + "]";
  }
}
