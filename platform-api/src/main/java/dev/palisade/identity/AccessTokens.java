package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** Issues a fresh access token to a caller whose token epoch has just moved on. */
@Singleton
final class AccessTokens {
  private final TokenGenerator tokens;
  private final IdentityConfig config;

  AccessTokens(TokenGenerator tokens, IdentityConfig config) {
    this.tokens = tokens;
    this.config = config;
  }

  SignIn.AccessToken issue(Caller caller, int epoch) {
    List<String> roles =
        List.of(caller.isInstallAdmin() ? Role.INSTALL_ADMIN : caller.role().value());
    Map<String, Object> claims =
        caller.isInstallAdmin()
            ? Map.of(TokenClaims.KIND, TokenClaims.KIND_INSTALL, TokenClaims.EPOCH, epoch)
            : Map.of(
                TokenClaims.KIND,
                TokenClaims.KIND_MEMBER,
                TokenClaims.ORG,
                caller.orgId().toString(),
                TokenClaims.EPOCH,
                epoch);
    int ttl = (int) config.tokenTtl().toSeconds();
    String token =
        tokens
            .generateToken(Authentication.build(caller.id().toString(), roles, claims), ttl)
            .orElseThrow(
                () -> new PlatformException(ErrorCode.INTERNAL, "token generation failed"));
    return new SignIn.AccessToken(token, "Bearer", ttl);
  }
}
