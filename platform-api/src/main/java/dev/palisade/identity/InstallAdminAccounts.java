package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.crypto.Hashes;
import dev.palisade.crypto.Tokens;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Install admins beyond the first: invitation (a one-time token, {@code adm_<random>}, stored as
 * SHA-256), acceptance, deactivation and reactivation. Every change runs in one transaction on the
 * install database with its entry in the install chain. At least one install admin stays active: a
 * deactivation locks every active admin's row first, so two admins deactivating each other at once
 * cannot leave none.
 */
@Singleton
public final class InstallAdminAccounts {
  private static final Logger LOG = LoggerFactory.getLogger(InstallAdminAccounts.class);
  static final String TOKEN_PREFIX = "adm_";

  private final Databases databases;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final IdentityConfig config;
  private final AuditLog audit;
  private final Clock clock;

  InstallAdminAccounts(
      Databases databases,
      PasswordHasher hasher,
      PasswordPolicy policy,
      IdentityConfig config,
      AuditLog audit,
      Clock clock) {
    this.databases = databases;
    this.hasher = hasher;
    this.policy = policy;
    this.config = config;
    this.audit = audit;
    this.clock = clock;
  }

  public AdminInvitation invite(Caller by, String emailIn) {
    String email = Credentials.email("email", emailIn);
    String token = TOKEN_PREFIX + Tokens.random(32);
    Instant expires = clock.instant().plus(config.invitationTtl()).truncatedTo(ChronoUnit.MICROS);
    AdminInvitation invitation = new AdminInvitation(UUID.randomUUID(), email, expires, token);
    return change(
        h -> {
          if (InstallAdmins.emailTaken(h, email)) {
            throw taken();
          }
          AdminInvitations.insert(h, invitation, Hashes.sha256(token), by.actor());
          LOG.info("install admin invitation {} issued by {}", invitation.id(), by.actor());
          return invitation;
        },
        inv ->
            AuditEvent.by("user", by.actor())
                .subject("invitation", inv.id())
                .publicMetadata(Map.of("expiresAt", inv.expiresAt().toString()))
                .sealed(Map.of("email", inv.email()))
                .action("install_admin.invited"));
  }

  /**
   * Accepts an invitation: creates the install admin and burns the token. The password is hashed
   * only after the invitation has been found open; the transaction looks again, under a row lock.
   */
  public InstallAdmin accept(String token, String password) {
    Credentials.token("token", token);
    char[] pw = policy.check("password", password, null);
    if (!token.startsWith(TOKEN_PREFIX)) {
      throw invalidInvitation();
    }
    byte[] tokenHash = Hashes.sha256(token);
    AdminInvitations.Open open =
        databases.read(
            Scope.install(),
            h ->
                AdminInvitations.findOpen(h, tokenHash, clock.instant(), false)
                    .orElseThrow(InstallAdminAccounts::invalidInvitation));
    policy.refuseEmail("password", password, open.email());
    String hash = hasher.hash(pw);
    return change(
        h -> {
          AdminInvitations.Open inv =
              AdminInvitations.findOpen(h, tokenHash, clock.instant(), true)
                  .orElseThrow(InstallAdminAccounts::invalidInvitation);
          if (InstallAdmins.emailTaken(h, inv.email())) {
            throw taken();
          }
          UUID id = UUID.randomUUID();
          InstallAdmins.insert(h, id, inv.email(), hash);
          AdminInvitations.accepted(h, inv.id(), id, clock.instant());
          LOG.info("install admin invitation {} accepted: install admin {}", inv.id(), id);
          return InstallAdmins.find(h, id).orElseThrow();
        },
        a ->
            AuditEvent.by("user", "install-admin:" + a.id())
                .subject("install-admin", a.id())
                .sealed(Map.of("email", a.email()))
                .action("install_admin.joined"));
  }

  /** A change of status; idempotent. The last active install admin cannot be deactivated. */
  public InstallAdmin setActive(Caller by, UUID adminId, boolean active, String why) {
    String reason = Credentials.reason("reason", why, true);
    return change(
            h -> {
              List<UUID> activeIds = active ? List.of() : InstallAdmins.lockActive(h);
              InstallAdmin before =
                  AccountStore.INSTALL_ADMINS
                      .findById(h, adminId, true)
                      .flatMap(a -> InstallAdmins.find(h, adminId))
                      .orElseThrow(
                          () ->
                              new PlatformException(
                                  ErrorCode.NOT_FOUND, "install admin not found"));
              if ("active".equals(before.status()) == active) {
                return new Transition(before, before);
              }
              if (!active && activeIds.stream().noneMatch(id -> !id.equals(adminId))) {
                throw new PlatformException(
                    ErrorCode.CONFLICT, "the last active install admin cannot be deactivated");
              }
              AccountStore.INSTALL_ADMINS.setActive(h, adminId, active, clock.instant());
              LOG.info(
                  "install admin {} {} by {}",
                  adminId,
                  active ? "reactivated" : "deactivated",
                  by.actor());
              return new Transition(before, InstallAdmins.find(h, adminId).orElseThrow());
            },
            t ->
                AuditEvent.by("user", by.actor())
                    .subject("install-admin", adminId)
                    .reason(reason)
                    .sealed(
                        Map.of(
                            "before", Map.of("status", t.before().status()),
                            "after", Map.of("status", t.after().status())))
                    .action(active ? "install_admin.reactivated" : "install_admin.deactivated"))
        .after();
  }

  private record Transition(InstallAdmin before, InstallAdmin after) {}

  private <T> T change(AuditLog.Change<T> work, Function<T, AuditEvent> event) {
    return audit.change(
        Scope.install(),
        h -> {
          try {
            return work.run(h);
          } catch (UnableToExecuteStatementException e) {
            if (PlatformException.isUniqueViolation(e)) {
              throw taken();
            }
            throw e;
          }
        },
        event);
  }

  private static PlatformException taken() {
    return new PlatformException(ErrorCode.CONFLICT, "email is already an install admin");
  }

  private static PlatformException invalidInvitation() {
    return new PlatformException(ErrorCode.INVALID_INVITATION, "invalid or expired invitation");
  }
}
