package dev.palisade.identity;

import com.nimbusds.jose.JWSAlgorithm;
import dev.palisade.install.InstallHome;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC-SHA256 key that signs and verifies access tokens. Generated at first start into {@code
 * PALISADE_HOME/jwt-signing.key} (mode 0600) and read back on later starts; the key itself is never
 * logged. Deleting the file and restarting invalidates every issued token.
 */
@Factory
final class JwtSigningKey {
  private static final Logger LOG = LoggerFactory.getLogger(JwtSigningKey.class);
  static final String FILE = "jwt-signing.key";

  @Context
  @Named("generator")
  SignatureGeneratorConfiguration signature(InstallHome home) {
    String secret =
        home.readSecret(FILE)
            .orElseGet(
                () -> {
                  byte[] key = new byte[32];
                  new SecureRandom().nextBytes(key);
                  String encoded = Base64.getEncoder().encodeToString(key);
                  home.writeSecret(FILE, encoded);
                  LOG.info("generated a new token signing key at {}", home.resolve(FILE));
                  return encoded;
                });
    SecretSignatureConfiguration config = new SecretSignatureConfiguration("generator");
    config.setJwsAlgorithm(JWSAlgorithm.HS256);
    config.setBase64(true);
    config.setSecret(secret);
    return new SecretSignature(config);
  }
}
