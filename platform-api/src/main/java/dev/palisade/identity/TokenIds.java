package dev.palisade.identity;

import io.micronaut.security.token.claims.JtiGenerator;
import jakarta.inject.Singleton;
import java.util.UUID;

/** Gives every issued access token its own id (claim {@code jti}), a random UUID. */
@Singleton
final class TokenIds implements JtiGenerator {
  @Override
  public String generateJtiClaim() {
    return UUID.randomUUID().toString();
  }
}
