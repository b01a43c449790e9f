package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import io.micronaut.security.authentication.Authentication;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * Resolves the caller behind a validated token and checks what it may do. Every call re-reads the
 * account from the database, so a deactivated member or admin is refused at once and a role change
 * takes effect on the next request, whatever the token says. A token carries the account's token
 * epoch at issue; deactivation and role changes move the epoch on, so a token issued before them
 * stays refused, also after a reactivation. The same query refuses a token whose id was signed out
 * ({@link SignOut}), so sign-out costs the hot path no extra round trip.
 */
@Singleton
public final class AccessControl {
  private final InstallAdmins admins;
  private final Members members;
  private final Organizations organizations;
  private final MfaPolicy mfa;

  public AccessControl(
      InstallAdmins admins, Members members, Organizations organizations, MfaPolicy mfa) {
    this.admins = admins;
    this.members = members;
    this.organizations = organizations;
    this.mfa = mfa;
  }

  /**
   * The caller behind {@code auth}. A caller who must have a second factor and has not enrolled one
   * is refused with {@code 403 mfa-enrollment-required}: see {@link #self}.
   */
  public Caller caller(Authentication auth) {
    return checked(auth).caller();
  }

  /** {@link #self} once the second-factor policy has let the caller through. */
  private Self checked(Authentication auth) {
    Self self = self(auth);
    mfa.check(self.caller(), self.org());
    return self;
  }

  /**
   * The caller and, for a member, their organization, also while a second-factor policy still
   * requires them to enrol: for the calls about the caller's own account (enrolment, sign-out).
   */
  public Self self(Authentication auth) {
    if (auth == null) {
      throw new PlatformException(ErrorCode.UNAUTHENTICATED, "a bearer token is required");
    }
    UUID id = parseUuid(auth.getName());
    Object kind = auth.getAttributes().get(TokenClaims.KIND);
    int epoch = epoch(auth.getAttributes().get(TokenClaims.EPOCH));
    UUID jti = TokenClaims.jti(auth);
    if (jti == null) {
      throw revoked();
    }
    Caller caller;
    Organization org = null;
    if (TokenClaims.KIND_INSTALL.equals(kind)) {
      caller = admins.findActiveCaller(id, epoch, jti).orElseThrow(AccessControl::revoked);
    } else if (TokenClaims.KIND_MEMBER.equals(kind)) {
      UUID orgId = parseUuid(String.valueOf(auth.getAttributes().get(TokenClaims.ORG)));
      org = organizations.findById(orgId).orElseThrow(AccessControl::revoked);
      caller = members.findActiveCaller(org, id, epoch, jti).orElseThrow(AccessControl::revoked);
    } else {
      throw revoked();
    }
    MDC.put("actor", caller.actor());
    Span.current()
        .setAttribute("palisade.actor.type", caller.isInstallAdmin() ? "install-admin" : "member");
    return new Self(caller, org);
  }

  public Caller requireInstallAdmin(Authentication auth) {
    Caller caller = caller(auth);
    if (!caller.isInstallAdmin()) {
      throw new PlatformException(ErrorCode.FORBIDDEN, "install admin role required");
    }
    return caller;
  }

  /**
   * The organization named by {@code slug} if the caller may act in it with {@code permission}.
   * Callers outside the organization get 404, so slugs of other organizations are not revealed.
   */
  public OrgAccess requireOrg(Authentication auth, String slug, Permission permission) {
    Self self = checked(auth);
    Caller caller = self.caller();
    // a member's organization was read by id for this request already: not again by slug
    Optional<Organization> org =
        self.org() != null && self.org().slug().equals(slug)
            ? Optional.of(self.org())
            : organizations.findBySlug(slug);
    if (org.isEmpty() || !(caller.isInstallAdmin() || org.get().id().equals(caller.orgId()))) {
      throw new PlatformException(ErrorCode.NOT_FOUND, "organization not found");
    }
    if (!caller.can(org.get().id(), permission)) {
      throw new PlatformException(
          ErrorCode.FORBIDDEN, "permission " + permission.value() + " required");
    }
    MDC.put("org_id", org.get().id().toString());
    Span.current().setAttribute("palisade.org_id", org.get().id().toString());
    return new OrgAccess(org.get(), caller);
  }

  /** A token without an epoch (or with one that is not a number) is refused. */
  private static int epoch(Object claim) {
    if (claim instanceof Number n && n.longValue() == n.intValue()) {
      return n.intValue();
    }
    throw revoked();
  }

  private static UUID parseUuid(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw revoked();
    }
  }

  private static PlatformException revoked() {
    return new PlatformException(ErrorCode.UNAUTHENTICATED, "token is no longer valid");
  }

  /** A caller and the organization of a member caller (null for an install admin). */
  public record Self(Caller caller, Organization org) {}

  /** An organization and a caller allowed to act in it. */
  public record OrgAccess(Organization org, Caller caller) {}
}
