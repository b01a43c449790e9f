package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who the caller is and what they may do, as {@code GET /api/v1/me} answers it: the account, its
 * install role, and per organization it may act in, its role there and the permissions that role
 * grants ({@link Role}). Install admins hold every permission in every organization and no
 * organization role. Read from the same rows {@link AccessControl} checks, so it is as current as
 * the next request's check.
 */
@Singleton
public final class Profiles {
  private final Organizations organizations;
  private final MfaPolicy mfa;

  Profiles(Organizations organizations, MfaPolicy mfa) {
    this.organizations = organizations;
    this.mfa = mfa;
  }

  /** The caller's profile; with {@code onlySlug}, only that organization (none if not theirs). */
  public Profile of(AccessControl.Self self, @Nullable String onlySlug) {
    Caller c = self.caller();
    List<OrgAccess> orgs = new ArrayList<>();
    if (c.isInstallAdmin()) {
      if (onlySlug != null) {
        organizations.findBySlug(onlySlug).ifPresent(o -> orgs.add(access(o, null, ALL)));
      } else {
        organizations.forEach(o -> orgs.add(access(o, null, ALL)));
      }
    } else if (onlySlug == null || onlySlug.equals(self.org().slug())) {
      orgs.add(access(self.org(), c.role().value(), c.role().permissions()));
    }
    boolean required = mfa.requires(c, self.org());
    return new Profile(
        c.isInstallAdmin() ? Role.INSTALL_ADMIN : "member",
        c.id(),
        c.email(),
        c.isInstallAdmin() ? Role.INSTALL_ADMIN : null,
        c.secondFactor(),
        required && !c.secondFactor(),
        orgs);
  }

  private static final Set<Permission> ALL = EnumSet.allOf(Permission.class);

  private static OrgAccess access(Organization o, @Nullable String role, Set<Permission> granted) {
    List<String> names = new ArrayList<>();
    for (Permission p : Permission.values()) {
      if (granted.contains(p)) {
        names.add(p.value());
      }
    }
    return new OrgAccess(o.id(), o.slug(), o.name(), role, names);
  }

  /**
   * The caller as shown to themselves.
   *
   * @param kind {@code install-admin} or {@code member}
   * @param installRole {@code install-admin}, or null for a member
   * @param secondFactor whether an active second factor is enrolled
   * @param mfaEnrollmentRequired a policy requires a second factor the account has not got: until
   *     it enrols, every other call is refused
   * @param organizations the organizations the caller may act in, in slug order
   */
  public record Profile(
      String kind,
      UUID id,
      String email,
      @Nullable String installRole,
      boolean secondFactor,
      boolean mfaEnrollmentRequired,
      List<OrgAccess> organizations) {
    public Profile {
      requireNonNull(kind, "kind is null");
      requireNonNull(id, "id is null");
      requireNonNull(email, "email is null");
      organizations = List.copyOf(organizations);
    }
  }

  /**
   * One organization of the caller: {@code role} is the member's role there (null for an install
   * admin, who holds every permission); {@code permissions} the effective ones, by stable name.
   */
  public record OrgAccess(
      UUID id, String slug, String name, @Nullable String role, List<String> permissions) {
    public OrgAccess {
      requireNonNull(id, "id is null");
      requireNonNull(slug, "slug is null");
      requireNonNull(name, "name is null");
      permissions = List.copyOf(permissions);
    }
  }
}
