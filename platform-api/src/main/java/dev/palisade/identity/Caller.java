package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/**
 * The authenticated caller of one request, confirmed active against the database.
 *
 * @param orgId the organization a member belongs to; null for an install admin
 * @param role the member's current role; null for an install admin
 * @param secondFactor whether the account has an active second factor, read with the account
 */
public record Caller(
    Kind kind, UUID id, String email, UUID orgId, Role role, boolean secondFactor) {

  /** Install admins live in the install database, members in their organization's database. */
  public enum Kind {
    INSTALL_ADMIN,
    MEMBER
  }

  public Caller {
    requireNonNull(kind, "kind is null");
    requireNonNull(id, "id is null");
    requireNonNull(email, "email is null");
    if (kind == Kind.MEMBER) {
      requireNonNull(orgId, "orgId is null");
      requireNonNull(role, "role is null");
    }
  }

  public boolean isInstallAdmin() {
    return kind == Kind.INSTALL_ADMIN;
  }

  public boolean can(UUID org, Permission permission) {
    return isInstallAdmin() || (org.equals(orgId) && role.grants(permission));
  }

  /** How the caller is named in logs and, later, audit entries. */
  public String actor() {
    return (isInstallAdmin() ? "install-admin:" : "member:") + id;
  }

  public Optional<Role> memberRole() {
    return Optional.ofNullable(role);
  }
}
