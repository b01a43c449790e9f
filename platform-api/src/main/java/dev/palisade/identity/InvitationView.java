package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * An invitation as an admin sees it: never its token. {@code status} is {@code pending}, {@code
 * accepted}, {@code revoked} or {@code expired}; {@code invitedBy} is the actor that issued it.
 */
public record InvitationView(
    UUID id,
    String email,
    String role,
    String invitedBy,
    Instant createdAt,
    Instant expiresAt,
    String status) {
  public InvitationView {
    requireNonNull(id, "id is null");
    requireNonNull(email, "email is null");
    requireNonNull(status, "status is null");
  }
}
