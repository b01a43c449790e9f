package dev.palisade.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/**
 * Where data lives: the install database, or one organization's database. Every keyring, audit
 * chain and per-organization setting belongs to exactly one scope. {@link #id()} is the scope's
 * stable name ({@code install} or {@code org:<uuid>}): the audit chain id, the keyring name and the
 * subject of incidents about it. It is written in one place, here, and never parsed back.
 *
 * <p>Two scopes are equal when their ids are: a scope made from an older copy of an organization
 * (before a rename) is still the same scope.
 */
public final class Scope {
  public static final String INSTALL_ID = "install";
  private static final Scope INSTALL = new Scope(null);

  private final Organization org;
  private final String id;

  private Scope(Organization org) {
    this.org = org;
    this.id = org == null ? INSTALL_ID : "org:" + org.id();
  }

  public static Scope install() {
    return INSTALL;
  }

  public static Scope of(Organization org) {
    return new Scope(requireNonNull(org, "org is null"));
  }

  public boolean isInstall() {
    return org == null;
  }

  public String id() {
    return id;
  }

  /** The organization, or empty for the install. */
  public Optional<Organization> organization() {
    return Optional.ofNullable(org);
  }

  /** The organization's id, or empty for the install. */
  public Optional<UUID> orgId() {
    return org == null ? Optional.empty() : Optional.of(org.id());
  }

  /** The organization; fails for the install scope. */
  public Organization org() {
    if (org == null) {
      throw new IllegalStateException("the install scope has no organization");
    }
    return org;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scope s && id.equals(s.id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
