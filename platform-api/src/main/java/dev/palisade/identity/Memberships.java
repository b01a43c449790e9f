package dev.palisade.identity;

import dev.palisade.audit.AuditChain;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invitations and membership changes. Each change runs in one transaction on the organization's
 * database; the last active admin of an organization can be neither deactivated nor demoted.
 */
@Singleton
public final class Memberships {
  private static final Logger LOG = LoggerFactory.getLogger(Memberships.class);
  private static final String TOKEN_PREFIX = "inv_";

  private final Members members;
  private final Organizations organizations;
  private final PasswordHasher hasher;
  private final IdentityConfig config;
  private final AuditLog audit;
  private final List<MemberAdmission> admissions;

  Memberships(
      Members members,
      Organizations organizations,
      PasswordHasher hasher,
      IdentityConfig config,
      AuditLog audit,
      List<MemberAdmission> admissions) {
    this.members = members;
    this.organizations = organizations;
    this.hasher = hasher;
    this.config = config;
    this.audit = audit;
    this.admissions = List.copyOf(admissions);
  }

  private void admit(Connection c, Organization org) throws SQLException {
    if (admissions.isEmpty()) {
      return;
    }
    int active;
    try (PreparedStatement ps =
            c.prepareStatement("select count(*) from members where status = 'active'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      active = rs.getInt(1);
    }
    for (MemberAdmission a : admissions) {
      a.admit(org, active);
    }
  }

  /** A member before and after a change, for the audit entry's sealed diff. */
  private record Transition(Member before, Member after) {}

  public Invitation invite(Organization org, Caller by, String emailIn, String roleIn) {
    String email = Credentials.email("email", emailIn);
    Role role = role(roleIn);
    String token =
        TOKEN_PREFIX
            + HexFormat.of().formatHex(uuidBytes(org.id()))
            + "_"
            + Secrets.randomToken(32);
    Instant expires = Instant.now().plus(config.invitationTtl()).truncatedTo(ChronoUnit.MICROS);
    UUID id = UUID.randomUUID();
    return inTransaction(
        org,
        c -> {
          if (Members.emailTaken(c, email)) {
            throw new PlatformException(ErrorCode.CONFLICT, "email is already a member");
          }
          admit(c, org);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into invitations (id, email, role, token_hash, invited_by, expires_at)"
                      + " values (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, email);
            ps.setString(3, role.value());
            ps.setBytes(4, Secrets.sha256(token));
            ps.setString(5, by.actor());
            ps.setTimestamp(6, Timestamp.from(expires));
            ps.executeUpdate();
          }
          LOG.info("invitation {} issued in org {} by {}", id, org.id(), by.actor());
          return new Invitation(id, email, role.value(), expires, token);
        },
        inv ->
            AuditEvent.by("user", by.actor())
                .subject("invitation", inv.id())
                .publicMetadata(Map.of("role", inv.role(), "expiresAt", inv.expiresAt().toString()))
                .sealed(Map.of("email", inv.email()))
                .action("member.invited"));
  }

  /** Accepts an invitation: creates the member with the invited role and burns the token. */
  public Member accept(String token, String password) {
    if (token == null || token.isBlank()) {
      throw PlatformException.invalidField("token", "is required");
    }
    char[] pw = Credentials.newPassword("password", password, config.passwordMinLength());
    Organization org = orgOf(token).orElseThrow(Memberships::invalidInvitation);
    String hash = hasher.hash(pw);
    return inTransaction(
        org,
        c -> {
          UUID invitationId;
          String email;
          Role role;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select id, email, role from invitations where token_hash = ?"
                      + " and accepted_at is null and expires_at > now() for update")) {
            ps.setBytes(1, Secrets.sha256(token));
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw invalidInvitation();
              }
              invitationId = rs.getObject(1, UUID.class);
              email = rs.getString(2);
              role = Role.parse(rs.getString(3)).orElseThrow();
            }
          }
          if (Members.emailTaken(c, email)) {
            throw new PlatformException(ErrorCode.CONFLICT, "email is already a member");
          }
          admit(c, org);
          UUID memberId = UUID.randomUUID();
          Members.insert(c, memberId, email, hash, role);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update invitations set accepted_at = now(), member_id = ? where id = ?")) {
            ps.setObject(1, memberId);
            ps.setObject(2, invitationId);
            ps.executeUpdate();
          }
          LOG.info(
              "invitation {} accepted in org {} by member {}", invitationId, org.id(), memberId);
          return Members.find(c, memberId).orElseThrow();
        },
        m ->
            AuditEvent.by("user", "member:" + m.id())
                .subject("member", m.id())
                .publicMetadata(Map.of("role", m.role()))
                .sealed(Map.of("email", m.email()))
                .action("member.joined"));
  }

  public Member changeRole(Organization org, Caller by, UUID memberId, String roleIn, String why) {
    Role role = role(roleIn);
    String reason = Credentials.reason("reason", why, true);
    return inTransaction(
            org,
            c -> {
              Member m = lockMember(c, memberId);
              if (!role.value().equals(m.role())) {
                if ("admin".equals(m.role()) && Members.otherActiveAdmins(c, memberId) == 0) {
                  throw new PlatformException(
                      ErrorCode.CONFLICT, "the last active admin cannot be demoted");
                }
                Members.update(c, memberId, "role = ?", role.value());
                LOG.info(
                    "member {} of org {} changed from {} to {} by {}",
                    memberId,
                    org.id(),
                    m.role(),
                    role.value(),
                    by.actor());
              }
              return new Transition(m, Members.find(c, memberId).orElseThrow());
            },
            t ->
                AuditEvent.by("user", by.actor())
                    .subject("member", memberId)
                    .reason(reason)
                    .sealed(
                        Map.of(
                            "before", Map.of("role", t.before().role()),
                            "after", Map.of("role", t.after().role())))
                    .action("role.changed"))
        .after();
  }

  public Member setActive(Organization org, Caller by, UUID memberId, boolean active, String why) {
    String reason = Credentials.reason("reason", why, false);
    return inTransaction(
            org,
            c -> {
              Member m = lockMember(c, memberId);
              boolean isActive = "active".equals(m.status());
              if (isActive == active) {
                return new Transition(m, m);
              }
              if (!active
                  && "admin".equals(m.role())
                  && Members.otherActiveAdmins(c, memberId) == 0) {
                throw new PlatformException(
                    ErrorCode.CONFLICT, "the last active admin cannot be deactivated");
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "update members set status = ?, deactivated_at = "
                          + (active ? "null" : "now()")
                          + ", updated_at = now() where id = ?")) {
                ps.setString(1, active ? "active" : "deactivated");
                ps.setObject(2, memberId);
                ps.executeUpdate();
              }
              LOG.info(
                  "member {} of org {} {} by {}",
                  memberId,
                  org.id(),
                  active ? "reactivated" : "deactivated",
                  by.actor());
              return new Transition(m, Members.find(c, memberId).orElseThrow());
            },
            t ->
                AuditEvent.by("user", by.actor())
                    .subject("member", memberId)
                    .reason(reason)
                    .sealed(
                        Map.of(
                            "before", Map.of("status", t.before().status()),
                            "after", Map.of("status", t.after().status())))
                    .action(active ? "member.reactivated" : "member.deactivated"))
        .after();
  }

  private static Member lockMember(Connection c, UUID id) throws SQLException {
    return Members.findForUpdate(c, id)
        .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "member not found"));
  }

  private static Role role(String value) {
    if (value == null) {
      throw PlatformException.invalidField("role", "is required");
    }
    return Role.parse(value)
        .orElseThrow(
            () -> PlatformException.invalidField("role", "must be one of admin, auditor, member"));
  }

  private Optional<Organization> orgOf(String token) {
    if (!token.startsWith(TOKEN_PREFIX) || token.length() < TOKEN_PREFIX.length() + 33) {
      return Optional.empty();
    }
    try {
      byte[] b = HexFormat.of().parseHex(token, TOKEN_PREFIX.length(), TOKEN_PREFIX.length() + 32);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
      return organizations.findById(new UUID(buf.getLong(), buf.getLong()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] uuidBytes(UUID id) {
    return java.nio.ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  private static PlatformException invalidInvitation() {
    return new PlatformException(ErrorCode.INVALID_INVITATION, "invalid or expired invitation");
  }

  private <T> T inTransaction(
      Organization org, AuditLog.Change<T> work, Function<T, AuditEvent> event) {
    return audit.change(
        AuditChain.of(org),
        c -> {
          try {
            return work.run(c);
          } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
              throw new PlatformException(ErrorCode.CONFLICT, "email is already a member");
            }
            throw e;
          }
        },
        event);
  }
}
