package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.crypto.Hashes;
import dev.palisade.crypto.Tokens;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.InstallId;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.annotation.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-run setup. While no install admin exists, every start issues a fresh one-time setup token:
 * printed once on standard output as {@code setup token: <token>}, written to {@code
 * PALISADE_HOME/setup-token} (0600) and stored only as its SHA-256 in the install database's {@code
 * install_state} row. Completing setup creates the first install admin and burns the token; later
 * calls get 409.
 */
@Context
public final class Setup {
  private static final Logger LOG = LoggerFactory.getLogger(Setup.class);
  static final String TOKEN_FILE = "setup-token";

  private final Jdbi install;
  private final InstallHome home;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final AuditLog audit;
  private final Clock clock;

  /** The setup columns of the single {@code install_state} row. */
  private record State(byte[] tokenHash, boolean completed) {}

  /** {@code installId} comes first: it creates the {@code install_state} row. */
  Setup(
      InstallId installId,
      Databases databases,
      InstallHome home,
      PasswordHasher hasher,
      PasswordPolicy policy,
      AuditLog audit,
      Clock clock) {
    this.install = databases.install();
    this.home = home;
    this.hasher = hasher;
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
    issueTokenIfPending();
  }

  private void issueTokenIfPending() {
    Optional<String> issued =
        install.inTransaction(
            h -> {
              if (state(h, true).completed()) {
                return Optional.<String>empty();
              }
              String token = Tokens.random(24);
              h.createUpdate("update install_state set setup_token_hash = :hash where id = 1")
                  .bind("hash", Hashes.sha256(token))
                  .execute();
              return Optional.of(token);
            });
    if (issued.isEmpty()) {
      home.delete(TOKEN_FILE);
      return;
    }
    home.writeSecret(TOKEN_FILE, issued.get());
    System.out.println("setup token: " + issued.get());
    System.out.flush();
    LOG.info(
        "setup is pending; a one-time setup token was written to {}", home.resolve(TOKEN_FILE));
  }

  public boolean isComplete() {
    return install.withHandle(h -> state(h, false).completed());
  }

  /**
   * Creates the first install admin if {@code token} matches, and burns the token in the same
   * transaction. A wrong token changes nothing, so guessing cannot lock the operator out. The
   * password is hashed only once the setup state and the token have been checked, so requests after
   * setup, or with a wrong token, cost no hash; the transaction checks both again.
   */
  public UUID complete(String token, String emailIn, String password) {
    Credentials.token("setupToken", token);
    String email = Credentials.email("email", emailIn);
    char[] pw = policy.check("password", password, email);
    install.useHandle(h -> checkToken(state(h, false), token));
    String hash = hasher.hash(pw);
    UUID id =
        audit.change(
            Scope.install(),
            h -> {
              checkToken(state(h, true), token);
              UUID admin = UUID.randomUUID();
              InstallAdmins.insert(h, admin, email, hash);
              h.createUpdate(
                      "update install_state set setup_token_hash = null,"
                          + " setup_completed_at = :now where id = 1")
                  .bind("now", clock.instant())
                  .execute();
              return admin;
            },
            admin ->
                AuditEvent.by("user", "install-admin:" + admin)
                    .subject("install-admin", admin)
                    .sealed(Map.of("email", email))
                    .action("install.setup_completed"));
    home.delete(TOKEN_FILE);
    LOG.info("setup complete: install admin {} created", id);
    return id;
  }

  private static void checkToken(State s, String token) {
    if (s.completed()) {
      throw new PlatformException(ErrorCode.SETUP_COMPLETE, "setup is already complete");
    }
    if (s.tokenHash() == null || !Hashes.equal(s.tokenHash(), Hashes.sha256(token))) {
      throw new PlatformException(ErrorCode.INVALID_SETUP_TOKEN, "invalid setup token");
    }
  }

  private static State state(Handle h, boolean forUpdate) {
    return h.createQuery(
            "select setup_token_hash, setup_completed_at is not null from install_state"
                + " where id = 1"
                + (forUpdate ? " for update" : ""))
        .map((rs, ctx) -> new State(rs.getBytes(1), rs.getBoolean(2)))
        .one();
  }
}
