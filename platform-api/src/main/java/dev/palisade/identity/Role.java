package dev.palisade.identity;

import static dev.palisade.identity.Permission.AUDIT_VIEW;
import static dev.palisade.identity.Permission.FILES_READ;
import static dev.palisade.identity.Permission.FILES_WRITE;
import static dev.palisade.identity.Permission.KEYS_MANAGE;
import static dev.palisade.identity.Permission.MEMBERS_MANAGE;
import static dev.palisade.identity.Permission.MEMBERS_VIEW;
import static dev.palisade.identity.Permission.ORG_VIEW;
import static dev.palisade.identity.Permission.SETTINGS_MANAGE;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Organization roles and the one place their permissions are defined. Install admins are not an org
 * role: they hold every permission in every organization.
 */
public enum Role {
  ADMIN(
      "admin",
      EnumSet.of(
          ORG_VIEW,
          MEMBERS_VIEW,
          MEMBERS_MANAGE,
          SETTINGS_MANAGE,
          AUDIT_VIEW,
          KEYS_MANAGE,
          FILES_READ,
          FILES_WRITE)),
  AUDITOR("auditor", EnumSet.of(ORG_VIEW, MEMBERS_VIEW, AUDIT_VIEW, FILES_READ)),
  MEMBER("member", EnumSet.of(ORG_VIEW, FILES_READ, FILES_WRITE));

  /** The install-level role name carried in tokens of install admins. */
  public static final String INSTALL_ADMIN = "install-admin";

  private final String value;
  private final Set<Permission> permissions;

  Role(String value, Set<Permission> permissions) {
    this.value = value;
    this.permissions = permissions;
  }

  public String value() {
    return value;
  }

  public boolean grants(Permission permission) {
    return permissions.contains(permission);
  }

  public Set<Permission> permissions() {
    return EnumSet.copyOf(permissions);
  }

  public static Optional<Role> parse(String value) {
    for (Role r : values()) {
      if (r.value.equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
