package dev.palisade.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.palisade.crypto.Tokens;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.SealedSecrets;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC-SHA256 key that signs and verifies access tokens, kept in the install database sealed by
 * the install's key provider. It is unsealed at first use, not at start-up, so a key provider that
 * is down does not stop the server from starting and answering its probes; until the provider
 * answers, tokens can be neither issued nor accepted (fail closed). A key left in {@code
 * PALISADE_HOME/jwt-signing.key} by an earlier version is imported once and the file deleted. The
 * key itself is never logged.
 */
@Singleton
@Named("generator")
final class JwtSigningKey implements SignatureGeneratorConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(JwtSigningKey.class);
  static final String NAME = "jwt-signing-key";
  static final String LEGACY_FILE = "jwt-signing.key";

  private final SealedSecrets secrets;
  private final InstallHome home;
  private volatile SecretSignature signature;

  JwtSigningKey(SealedSecrets secrets, InstallHome home) {
    this.secrets = secrets;
    this.home = home;
  }

  private SecretSignature signature() {
    SecretSignature s = signature;
    if (s != null) {
      return s;
    }
    synchronized (this) {
      if (signature == null) {
        signature = load();
      }
      return signature;
    }
  }

  private SecretSignature load() {
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
              return new SealedSecrets.Material(Tokens.randomBytes(32), null);
            });
    SecretSignatureConfiguration config = new SecretSignatureConfiguration("generator");
    config.setJwsAlgorithm(JWSAlgorithm.HS256);
    config.setBase64(true);
    config.setSecret(Base64.getEncoder().encodeToString(key.secret()));
    java.util.Arrays.fill(key.secret(), (byte) 0);
    return new SecretSignature(config);
  }

  @Override
  public SignedJWT sign(JWTClaimsSet claims) throws JOSEException {
    return signature().sign(claims);
  }

  @Override
  public String supportedAlgorithmsMessage() {
    return "Only the HS256 algorithm is supported";
  }

  @Override
  public boolean supports(JWSAlgorithm algorithm) {
    return JWSAlgorithm.HS256.equals(algorithm);
  }

  @Override
  public boolean verify(SignedJWT jwt) throws JOSEException {
    return signature().verify(jwt);
  }
}
