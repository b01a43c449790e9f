package dev.palisade.license;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the install knows about its license, for {@code GET /api/v1/install/license} and the
 * Operations page. {@code installId} is this install's id (what a license must name); license
 * fields are null in {@code evaluation}; {@code problem} is set only when the state is {@code
 * invalid}; {@code latestVersion} is what the control plane last reported (null when offline or
 * never told). Holds no secret.
 */
public record LicenseStatus(
    LicenseState state,
    Instant stateChangedAt,
    String problem,
    boolean usable,
    String licenseId,
    UUID installId,
    String customer,
    Instant issuedAt,
    Instant expiresAt,
    String gracePeriod,
    Instant graceEndsAt,
    String keyId,
    String source,
    Instant storedAt,
    Limits limits,
    List<String> features,
    Map<String, License.OrgTerms> organizations,
    Usage usage,
    boolean connected,
    Reconcile lastReconcile,
    String runningVersion,
    String latestVersion) {

  public LicenseStatus {
    requireNonNull(state, "state is null");
    requireNonNull(limits, "limits is null");
    features = features == null ? List.of() : List.copyOf(features);
    organizations = organizations == null ? Map.of() : Map.copyOf(organizations);
    requireNonNull(usage, "usage is null");
  }

  /** The limits in force (the evaluation terms when there is no license); null is unlimited. */
  public record Limits(Integer maxOrganizations, Integer maxMembersPerOrg) {}

  /** Organizations that exist against the limit in force (null: unlimited). */
  public record Usage(int organizations, Integer maxOrganizations) {}

  /** The last reconcile: when, {@code succeeded}, {@code failed} or {@code offline}, and why. */
  public record Reconcile(Instant at, String outcome, String summary) {}
}
