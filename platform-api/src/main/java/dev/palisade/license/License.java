package dev.palisade.license;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The terms of a verified license document (format in {@code docs/license.md}). {@code features}
 * apply to every organization; {@code organizations} adds terms for one organization, keyed by its
 * id (never by slug, which the organization's admins can change). Immutable.
 */
public record License(
    String licenseId,
    UUID installId,
    String customer,
    Instant issuedAt,
    Instant expiresAt,
    Duration gracePeriod,
    Limits limits,
    List<String> features,
    Map<String, OrgTerms> organizations) {

  public License {
    requireNonNull(licenseId, "licenseId is null");
    requireNonNull(installId, "installId is null");
    requireNonNull(customer, "customer is null");
    requireNonNull(issuedAt, "issuedAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(gracePeriod, "gracePeriod is null");
    requireNonNull(limits, "limits is null");
    features = List.copyOf(requireNonNull(features, "features is null"));
    organizations = Map.copyOf(requireNonNull(organizations, "organizations is null"));
  }

  public Instant graceEndsAt() {
    return expiresAt.plus(gracePeriod);
  }

  /** The terms of one organization: install-wide features plus its own, and its member limit. */
  public OrgTerms termsOf(UUID orgId) {
    OrgTerms own = organizations.get(orgId.toString());
    Set<String> all = new TreeSet<>(features);
    Integer maxMembers = limits.maxMembersPerOrg();
    if (own != null) {
      all.addAll(own.features());
      if (own.maxMembers() != null) {
        maxMembers = own.maxMembers();
      }
    }
    return new OrgTerms(List.copyOf(all), maxMembers);
  }

  /** Install-wide limits; null means unlimited. */
  public record Limits(Integer maxOrganizations, Integer maxMembersPerOrg) {
    public static final Limits NONE = new Limits(null, null);
  }

  /** What one organization is entitled to; {@code maxMembers} null means unlimited. */
  public record OrgTerms(List<String> features, Integer maxMembers) {
    public OrgTerms {
      features = List.copyOf(requireNonNull(features, "features is null"));
    }
  }
}
