package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password sign-in with lockout. Unknown accounts, wrong passwords, locked and deactivated accounts
 * all get the same answer after the same amount of work, so the answer reveals nothing.
 */
@Singleton
public final class SignIn {
  private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);

  private final InstallAdmins admins;
  private final Members members;
  private final Organizations organizations;
  private final PasswordHasher hasher;
  private final IdentityConfig config;
  private final TokenGenerator tokens;

  SignIn(
      InstallAdmins admins,
      Members members,
      Organizations organizations,
      PasswordHasher hasher,
      IdentityConfig config,
      TokenGenerator tokens) {
    this.admins = admins;
    this.members = members;
    this.organizations = organizations;
    this.hasher = hasher;
    this.config = config;
    this.tokens = tokens;
  }

  /** An issued access token. */
  public record AccessToken(String accessToken, String tokenType, long expiresIn) {}

  public AccessToken signIn(String email, String password, String orgSlug) {
    if (email == null || password == null) {
      throw new PlatformException(ErrorCode.INVALID_CREDENTIALS, "invalid credentials");
    }
    char[] pw = password.toCharArray();
    if (orgSlug == null) {
      return signInAdmin(email, pw);
    }
    Optional<Organization> org = organizations.findBySlug(orgSlug);
    if (org.isEmpty()) {
      hasher.verifyDummy(pw);
      throw invalid();
    }
    try (Connection c = members.connection(org.get())) {
      Account account = attempt(c, members.accounts, email, pw);
      Map<String, Object> claims =
          Map.of(
              TokenClaims.KIND,
              TokenClaims.KIND_MEMBER,
              TokenClaims.ORG,
              org.get().id().toString());
      return issue(account, List.of(account.role().value()), claims);
    } catch (SQLException e) {
      throw InstallAdmins.unavailable(e);
    }
  }

  private AccessToken signInAdmin(String email, char[] pw) {
    try (Connection c = admins.database().connection()) {
      Account account = attempt(c, admins.accounts, email, pw);
      return issue(
          account, List.of(Role.INSTALL_ADMIN), Map.of(TokenClaims.KIND, TokenClaims.KIND_INSTALL));
    } catch (SQLException e) {
      throw InstallAdmins.unavailable(e);
    }
  }

  private Account attempt(Connection c, AccountStore store, String email, char[] pw)
      throws SQLException {
    Optional<Account> found = store.findByEmail(c, email.strip());
    if (found.isEmpty()) {
      hasher.verifyDummy(pw);
      throw invalid();
    }
    Account account = found.get();
    Instant now = Instant.now();
    boolean matches = hasher.verify(pw, account.passwordHash());
    if (account.lockedAt(now)) {
      LOG.warn("sign-in refused for locked account {}", account.id());
      throw invalid();
    }
    if (!matches) {
      boolean locked =
          store.recordFailure(
              c, account.id(), config.maxFailedAttempts(), now.plus(config.lockoutDuration()));
      if (locked) {
        LOG.warn(
            "account {} locked for {} after {} failed sign-ins",
            account.id(),
            config.lockoutDuration(),
            config.maxFailedAttempts());
      }
      throw invalid();
    }
    if (!account.active()) {
      throw invalid();
    }
    store.recordSuccess(c, account.id());
    return account;
  }

  private AccessToken issue(Account account, List<String> roles, Map<String, Object> claims) {
    int ttl = (int) config.tokenTtl().toSeconds();
    String token =
        tokens
            .generateToken(Authentication.build(account.id().toString(), roles, claims), ttl)
            .orElseThrow(
                () -> new PlatformException(ErrorCode.INTERNAL, "token generation failed"));
    return new AccessToken(token, "Bearer", ttl);
  }

  private static PlatformException invalid() {
    return new PlatformException(ErrorCode.INVALID_CREDENTIALS, "invalid credentials");
  }
}
