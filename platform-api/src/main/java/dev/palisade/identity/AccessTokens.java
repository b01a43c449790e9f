package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Issues access tokens: at sign-in, and to a caller whose token epoch has just moved on. */
@Singleton
final class AccessTokens {
  private final TokenGenerator tokens;
  private final IdentityConfig config;

  AccessTokens(TokenGenerator tokens, IdentityConfig config) {
    this.tokens = tokens;
    this.config = config;
  }

  SignIn.AccessToken issue(Caller caller, int epoch) {
    return caller.isInstallAdmin()
        ? issue(caller.id(), null, null, epoch)
        : issue(caller.id(), caller.orgId(), caller.role(), epoch);
  }

  /**
   * A token for account {@code id} in token epoch {@code epoch}: an install admin's when {@code
   * orgId} is null, else a member's of that organization with {@code role}.
   */
  SignIn.AccessToken issue(UUID id, UUID orgId, Role role, int epoch) {
    List<String> roles = List.of(orgId == null ? Role.INSTALL_ADMIN : role.value());
    Map<String, Object> claims =
        orgId == null
            ? Map.of(TokenClaims.KIND, TokenClaims.KIND_INSTALL, TokenClaims.EPOCH, epoch)
            : Map.of(
                TokenClaims.KIND,
                TokenClaims.KIND_MEMBER,
                TokenClaims.ORG,
                orgId.toString(),
                TokenClaims.EPOCH,
                epoch);
    int ttl = (int) config.tokenTtl().toSeconds();
    String token =
        tokens
            .generateToken(Authentication.build(id.toString(), roles, claims), ttl)
            .orElseThrow(
                () -> new PlatformException(ErrorCode.INTERNAL, "token generation failed"));
    return new SignIn.AccessToken(token, "Bearer", ttl);
  }
}
