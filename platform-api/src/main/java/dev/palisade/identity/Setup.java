package dev.palisade.identity;

import dev.palisade.audit.AuditChain;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.tenancy.InstallDatabase;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-run setup. While no install admin exists, every start issues a fresh one-time setup token:
 * printed once on standard output as {@code setup token: <token>}, written to {@code
 * PALISADE_HOME/setup-token} (0600) and stored only as its SHA-256. Completing setup creates the
 * first install admin and burns the token; later calls get 409.
 */
@Context
@Singleton
public final class Setup {
  private static final Logger LOG = LoggerFactory.getLogger(Setup.class);
  static final String TOKEN_FILE = "setup-token";

  private final InstallDatabase install;
  private final InstallHome home;
  private final PasswordHasher hasher;
  private final IdentityConfig config;
  private final AuditLog audit;

  Setup(
      InstallDatabase install,
      InstallHome home,
      PasswordHasher hasher,
      IdentityConfig config,
      AuditLog audit) {
    this.install = install;
    this.home = home;
    this.hasher = hasher;
    this.config = config;
    this.audit = audit;
    issueTokenIfPending();
  }

  private void issueTokenIfPending() {
    try (Connection c = install.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into install_state (id, install_id) values (1, ?) on conflict do nothing")) {
        ps.setObject(1, UUID.randomUUID());
        ps.executeUpdate();
      }
      if (completed(c)) {
        c.commit();
        home.delete(TOKEN_FILE);
        return;
      }
      String token = Secrets.randomToken(24);
      try (PreparedStatement ps =
          c.prepareStatement("update install_state set setup_token_hash = ? where id = 1")) {
        ps.setBytes(1, Secrets.sha256(token));
        ps.executeUpdate();
      }
      c.commit();
      home.writeSecret(TOKEN_FILE, token);
      System.out.println("setup token: " + token);
      System.out.flush();
      LOG.info(
          "setup is pending; a one-time setup token was written to {}", home.resolve(TOKEN_FILE));
    } catch (SQLException e) {
      throw PlatformException.database("database error", e);
    }
  }

  public boolean isComplete() {
    try (Connection c = install.connection()) {
      return completed(c);
    } catch (SQLException e) {
      throw PlatformException.database("database error", e);
    }
  }

  /** The id of this install, fixed at first start. */
  public UUID installId() {
    try (Connection c = install.connection();
        PreparedStatement ps = c.prepareStatement("select install_id from install_state");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getObject(1, UUID.class);
    } catch (SQLException e) {
      throw PlatformException.database("database error", e);
    }
  }

  /**
   * Creates the first install admin if {@code token} matches, and burns the token in the same
   * transaction. A wrong token changes nothing, so guessing cannot lock the operator out.
   */
  public UUID complete(String token, String emailIn, String password) {
    if (token == null || token.isBlank()) {
      throw PlatformException.invalidField("setupToken", "is required");
    }
    String email = Credentials.email("email", emailIn);
    char[] pw = Credentials.newPassword("password", password, config.passwordMinLength());
    String hash = hasher.hash(pw);
    UUID id =
        audit.change(
            AuditChain.install(),
            c -> {
              byte[] stored;
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "select setup_token_hash, setup_completed_at from install_state"
                              + " where id = 1 for update");
                  ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(2) != null) {
                  throw new PlatformException(
                      ErrorCode.SETUP_COMPLETE, "setup is already complete");
                }
                stored = rs.getBytes(1);
              }
              if (stored == null || !MessageDigest.isEqual(stored, Secrets.sha256(token))) {
                throw new PlatformException(ErrorCode.INVALID_SETUP_TOKEN, "invalid setup token");
              }
              UUID admin = UUID.randomUUID();
              InstallAdmins.insert(c, admin, email, hash);
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "update install_state set setup_token_hash = null, setup_completed_at = now()"
                          + " where id = 1")) {
                ps.executeUpdate();
              }
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

  private static boolean completed(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select setup_completed_at is not null from install_state");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}
