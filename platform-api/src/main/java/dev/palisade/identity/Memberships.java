package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.crypto.Hashes;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
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

  private final Databases databases;
  private final Members members;
  private final Organizations organizations;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final IdentityConfig config;
  private final AuditLog audit;
  private final List<MemberAdmission> admissions;
  private final Clock clock;

  Memberships(
      Databases databases,
      Members members,
      Organizations organizations,
      PasswordHasher hasher,
      PasswordPolicy policy,
      IdentityConfig config,
      AuditLog audit,
      List<MemberAdmission> admissions,
      Clock clock) {
    this.databases = databases;
    this.members = members;
    this.organizations = organizations;
    this.hasher = hasher;
    this.policy = policy;
    this.config = config;
    this.audit = audit;
    this.admissions = List.copyOf(admissions);
    this.clock = clock;
  }

  private void admit(Handle h, Organization org) {
    if (admissions.isEmpty()) {
      return;
    }
    int active = Members.active(h);
    for (MemberAdmission a : admissions) {
      a.admit(org, active);
    }
  }

  /** A member before and after a change, for the audit entry's sealed diff. */
  private record Transition(Member before, Member after, int invitationsRevoked) {
    Transition(Member before, Member after) {
      this(before, after, 0);
    }
  }

  /** A page of the organization's invitations, in id order. */
  public List<InvitationView> invitations(Organization org, String afterId, int limit) {
    return databases.read(
        Scope.of(org),
        h -> Invitations.list(h, afterId == null ? "" : afterId, limit, clock.instant()));
  }

  /** Revokes a pending invitation; 404 when there is none, 409 when it is no longer pending. */
  public void revoke(Organization org, Caller by, UUID invitationId) {
    inTransaction(
        org,
        h -> {
          Instant now = clock.instant();
          String status =
              Invitations.statusForUpdate(h, invitationId, now)
                  .orElseThrow(
                      () -> new PlatformException(ErrorCode.NOT_FOUND, "invitation not found"));
          if (!"pending".equals(status)) {
            throw new PlatformException(ErrorCode.CONFLICT, "invitation is " + status);
          }
          Invitations.revoke(h, invitationId, by.actor(), now);
          LOG.info("invitation {} in org {} revoked by {}", invitationId, org.id(), by.actor());
          return invitationId;
        },
        id ->
            AuditEvent.by("user", by.actor())
                .subject("invitation", id)
                .action("invitation.revoked"));
  }

  public Invitation invite(Organization org, Caller by, String emailIn, String roleIn) {
    String email = Credentials.email("email", emailIn);
    Role role = role(roleIn);
    String token = OrgTokens.issue(TOKEN_PREFIX, org.id());
    Instant expires = clock.instant().plus(config.invitationTtl()).truncatedTo(ChronoUnit.MICROS);
    Invitation invitation = new Invitation(UUID.randomUUID(), email, role.value(), expires, token);
    return inTransaction(
        org,
        h -> {
          if (Members.emailTaken(h, email)) {
            throw new PlatformException(ErrorCode.CONFLICT, "email is already a member");
          }
          admit(h, org);
          Invitations.insert(h, invitation, Hashes.sha256(token), by.actor());
          LOG.info("invitation {} issued in org {} by {}", invitation.id(), org.id(), by.actor());
          return invitation;
        },
        inv ->
            AuditEvent.by("user", by.actor())
                .subject("invitation", inv.id())
                .publicMetadata(Map.of("role", inv.role(), "expiresAt", inv.expiresAt().toString()))
                .sealed(Map.of("email", inv.email()))
                .action("member.invited"));
  }

  /**
   * Accepts an invitation: creates the member with the invited role and burns the token. The
   * password is hashed only after the invitation has been found open; the transaction looks again.
   */
  public Member accept(String token, String password) {
    Credentials.token("token", token);
    char[] pw = policy.check("password", password, null);
    Organization org = orgOf(token).orElseThrow(Memberships::invalidInvitation);
    byte[] tokenHash = Hashes.sha256(token);
    Invitations.Open open =
        databases.read(
            Scope.of(org),
            h ->
                Invitations.findOpen(h, tokenHash, clock.instant(), false)
                    .orElseThrow(Memberships::invalidInvitation));
    policy.refuseEmail("password", password, open.email());
    String hash = hasher.hash(pw);
    return inTransaction(
        org,
        h -> {
          Instant now = clock.instant();
          Invitations.Open inv =
              Invitations.findOpen(h, tokenHash, now, true)
                  .orElseThrow(Memberships::invalidInvitation);
          if (Members.emailTaken(h, inv.email())) {
            throw new PlatformException(ErrorCode.CONFLICT, "email is already a member");
          }
          admit(h, org);
          UUID memberId = UUID.randomUUID();
          Members.insert(h, memberId, inv.email(), hash, inv.role());
          Invitations.accepted(h, inv.id(), memberId, now);
          LOG.info("invitation {} accepted in org {} by member {}", inv.id(), org.id(), memberId);
          return Members.find(h, memberId).orElseThrow();
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
            h -> {
              Member m = lockMember(h, memberId);
              if (!role.value().equals(m.role())) {
                if ("admin".equals(m.role()) && Members.otherActiveAdmins(h, memberId) == 0) {
                  throw new PlatformException(
                      ErrorCode.CONFLICT, "the last active admin cannot be demoted");
                }
                Members.setRole(h, memberId, role, clock.instant());
                LOG.info(
                    "member {} of org {} changed from {} to {} by {}",
                    memberId,
                    org.id(),
                    m.role(),
                    role.value(),
                    by.actor());
              }
              return new Transition(m, Members.find(h, memberId).orElseThrow());
            },
            t ->
                changed(by, memberId, reason, "role", t.before().role(), t.after().role())
                    .action("role.changed"))
        .after();
  }

  public Member setActive(Organization org, Caller by, UUID memberId, boolean active, String why) {
    String reason = Credentials.reason("reason", why, false);
    return inTransaction(
            org,
            h -> {
              Member m = lockMember(h, memberId);
              boolean isActive = "active".equals(m.status());
              if (isActive == active) {
                return new Transition(m, m);
              }
              if (!active
                  && "admin".equals(m.role())
                  && Members.otherActiveAdmins(h, memberId) == 0) {
                throw new PlatformException(
                    ErrorCode.CONFLICT, "the last active admin cannot be deactivated");
              }
              if (active) {
                admit(h, org);
              }
              Instant now = clock.instant();
              Members.setActive(h, memberId, active, now);
              int revoked =
                  active ? 0 : Invitations.revokeIssuedBy(h, "member:" + memberId, by.actor(), now);
              LOG.info(
                  "member {} of org {} {} by {}",
                  memberId,
                  org.id(),
                  active ? "reactivated" : "deactivated",
                  by.actor());
              return new Transition(m, Members.find(h, memberId).orElseThrow(), revoked);
            },
            t ->
                changed(by, memberId, reason, "status", t.before().status(), t.after().status())
                    .publicMetadata(
                        active ? null : Map.of("invitationsRevoked", t.invitationsRevoked()))
                    .action(active ? "member.reactivated" : "member.deactivated"))
        .after();
  }

  /** A change to one field of a member, its before and after values sealed. */
  private static AuditEvent.Builder changed(
      Caller by, UUID memberId, String reason, String field, String before, String after) {
    return AuditEvent.by("user", by.actor())
        .subject("member", memberId)
        .reason(reason)
        .sealed(Map.of("before", Map.of(field, before), "after", Map.of(field, after)));
  }

  private static Member lockMember(Handle h, UUID id) {
    return Members.findForUpdate(h, id)
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
    return OrgTokens.orgOf(TOKEN_PREFIX, token).flatMap(organizations::findById);
  }

  private static PlatformException invalidInvitation() {
    return new PlatformException(ErrorCode.INVALID_INVITATION, "invalid or expired invitation");
  }

  private <T> T inTransaction(
      Organization org, AuditLog.Change<T> work, Function<T, AuditEvent> event) {
    return audit.change(
        Scope.of(org),
        h -> {
          try {
            return work.run(h);
          } catch (UnableToExecuteStatementException e) {
            if (PlatformException.isUniqueViolation(e)) {
              throw new PlatformException(ErrorCode.CONFLICT, "email is already a member");
            }
            throw e;
          }
        },
        event);
  }
}
