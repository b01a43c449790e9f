package dev.palisade.identity;

import com.nimbusds.jose.JWSAlgorithm;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.SealedSecrets;
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
 * The HMAC-SHA256 key that signs and verifies access tokens, kept in the install database sealed by
 * the install's key provider. Generated at first start; a key left in {@code
 * PALISADE_HOME/jwt-signing.key} by an earlier version is imported once and the file deleted. The
 * key itself is never logged.
 */
@Factory
final class JwtSigningKey {
  private static final Logger LOG = LoggerFactory.getLogger(JwtSigningKey.class);
  static final String NAME = "jwt-signing-key";
  static final String LEGACY_FILE = "jwt-signing.key";

  @Context
  @Named("generator")
  SignatureGeneratorConfiguration signature(SealedSecrets secrets, InstallHome home) {
    home.readSecret(LEGACY_FILE)
        .ifPresent(
            legacy -> {
              secrets.store(
                  NAME, new SealedSecrets.Material(Base64.getDecoder().decode(legacy), null));
              home.delete(LEGACY_FILE);
              LOG.info("moved the token signing key from {} into the sealed store", LEGACY_FILE);
            });
    SealedSecrets.Material key =
        secrets.getOrCreate(
            NAME,
            () -> {
              byte[] k = new byte[32];
              new SecureRandom().nextBytes(k);
              return new SealedSecrets.Material(k, null);
            });
    SecretSignatureConfiguration config = new SecretSignatureConfiguration("generator");
    config.setJwsAlgorithm(JWSAlgorithm.HS256);
    config.setBase64(true);
    config.setSecret(Base64.getEncoder().encodeToString(key.secret()));
    java.util.Arrays.fill(key.secret(), (byte) 0);
    return new SecretSignature(config);
  }
}
