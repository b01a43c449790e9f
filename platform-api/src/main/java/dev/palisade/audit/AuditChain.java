package dev.palisade.audit;

import static java.util.Objects.requireNonNull;

import dev.palisade.tenancy.Organization;
import java.util.Optional;

/**
 * Which chain an entry belongs to: the install's ({@code install}, in the install database) or one
 * organization's ({@code org:<uuid>}, in that organization's database).
 */
public record AuditChain(String id, Organization org) {
  public static final String INSTALL_ID = "install";

  public AuditChain {
    requireNonNull(id, "id is null");
    if (org == null && !INSTALL_ID.equals(id)) {
      throw new IllegalArgumentException("an organization chain needs its organization");
    }
  }

  public static AuditChain install() {
    return new AuditChain(INSTALL_ID, null);
  }

  public static AuditChain of(Organization org) {
    return new AuditChain("org:" + org.id(), org);
  }

  public Optional<Organization> organization() {
    return Optional.ofNullable(org);
  }

  public boolean isInstall() {
    return org == null;
  }
}
