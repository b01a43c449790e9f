package dev.palisade.license;

import dev.palisade.telemetry.BuildInfo;
import dev.palisade.tenancy.Organizations;
import jakarta.inject.Singleton;

/**
 * The install's license as the rest of the platform sees it: its status (with usage, the last
 * reconcile and the newest product version the control plane reported) for the API and the
 * Operations page. Reading the status records a state change that time has brought, if any.
 */
@Singleton
public final class Licenses {
  private final LicenseTransitions transitions;
  private final LicenseStore store;
  private final LicenseConfig config;
  private final ControlPlaneConfig controlPlane;
  private final Organizations organizations;
  private final BuildInfo build;
  private final CurrentLicense current;
  private final LicenseVerifier verifier;
  private final LicenseImport importer;

  Licenses(
      CurrentLicense current,
      LicenseVerifier verifier,
      LicenseImport importer,
      LicenseTransitions transitions,
      LicenseStore store,
      LicenseConfig config,
      ControlPlaneConfig controlPlane,
      Organizations organizations,
      BuildInfo build) {
    this.current = current;
    this.verifier = verifier;
    this.importer = importer;
    this.transitions = transitions;
    this.store = store;
    this.config = config;
    this.controlPlane = controlPlane;
    this.organizations = organizations;
    this.build = build;
  }

  public LicenseStatus status() {
    return statusOf(transitions.observe(false));
  }

  /**
   * Verifies the signed license envelope {@code body} and makes it current (see {@link
   * LicenseImport}); answers with the new status. A refused license changes nothing.
   */
  public LicenseStatus importSigned(String body, String actor) {
    importer.store(verifier.verify(body), LicenseImport.SOURCE_IMPORT, actor);
    return status();
  }

  LicenseStatus statusOf(CurrentLicense.Evaluation e) {
    LicenseStore.StateRow row = store.state();
    Integer maxOrgs = e.maxOrganizations(config);
    LicenseStatus.Usage usage = new LicenseStatus.Usage(organizations.count(), maxOrgs);
    LicenseStatus.Reconcile reconcile =
        row.reconciledAt() == null
            ? null
            : new LicenseStatus.Reconcile(
                row.reconciledAt(), row.reconcileOutcome(), row.reconcileSummary());
    License l = e.license();
    LicenseStore.Stored s = e.stored();
    return new LicenseStatus(
        e.state(),
        row.state() == e.state() ? row.changedAt() : e.at(),
        e.problem(),
        e.state().usable(),
        l == null ? null : l.licenseId(),
        current.installId(),
        l == null ? null : l.customer(),
        l == null ? null : l.issuedAt(),
        l == null ? null : l.expiresAt(),
        l == null ? null : l.gracePeriod().toString(),
        l == null ? null : l.graceEndsAt(),
        s == null ? null : s.keyId(),
        s == null ? null : s.source(),
        s == null ? null : s.storedAt(),
        new LicenseStatus.Limits(maxOrgs, l == null ? null : l.limits().maxMembersPerOrg()),
        l == null ? null : l.features(),
        l == null ? null : l.organizations(),
        usage,
        controlPlane.connected(),
        reconcile,
        build.version(),
        row.latestVersion());
  }
}
