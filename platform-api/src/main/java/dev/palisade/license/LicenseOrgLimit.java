package dev.palisade.license;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.provisioning.OrgCreationHook;
import dev.palisade.tenancy.Organization;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Handle;

/**
 * The license's say in creating organizations: none while the license is expired or invalid, none
 * beyond {@code maxOrganizations} (or the evaluation limit); each refusal raises {@code
 * licenseLimitReached}. A new organization gets its entitlements projected in the same transaction.
 */
@Singleton
final class LicenseOrgLimit implements OrgCreationHook {
  private final CurrentLicense current;
  private final LicenseConfig config;
  private final Entitlements entitlements;
  private final SecurityEvents events;

  LicenseOrgLimit(
      CurrentLicense current,
      LicenseConfig config,
      Entitlements entitlements,
      SecurityEvents events) {
    this.current = current;
    this.config = config;
    this.entitlements = entitlements;
    this.events = events;
  }

  @Override
  public void admit(int existing) {
    CurrentLicense.Evaluation e = current.evaluate();
    if (!e.state().usable()) {
      raise("license is " + e.state().value() + "; no organization can be created", e, existing);
      throw new PlatformException(
          ErrorCode.LICENSE_INACTIVE,
          "the license is "
              + e.state().value()
              + ": no organization can be created until a valid license is imported");
    }
    Integer max = e.maxOrganizations(config);
    if (max != null && existing >= max) {
      String what = e.license() == null ? "the evaluation allows" : "the license allows";
      raise("organization limit of " + max + " reached (maxOrganizations)", e, existing);
      throw new PlatformException(
          ErrorCode.LICENSE_LIMIT,
          what
              + " at most "
              + max
              + " organizations (maxOrganizations) and "
              + existing
              + " exist");
    }
  }

  @Override
  public void created(Handle h, Organization org) {
    entitlements.project(h, org.id(), current.evaluate().license(), org.createdAt());
  }

  private void raise(String reason, CurrentLicense.Evaluation e, int existing) {
    Integer max = e.maxOrganizations(config);
    events.raise(
        SecurityEvents.event(SecurityEventType.LICENSE_LIMIT_REACHED, reason)
            .context("limit", "maxOrganizations")
            .context("max", max)
            .context("used", existing)
            .context("state", e.state().value())
            .context("licenseId", e.subject()));
  }
}
