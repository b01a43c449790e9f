package dev.palisade.license;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.identity.MemberAdmission;
import dev.palisade.tenancy.Organization;
import jakarta.inject.Singleton;

/**
 * The license's member limit: an organization holds at most its {@code maxMembers} (or the
 * license's {@code maxMembersPerOrg}) active members; inviting or admitting one more is refused
 * with {@code license-limit} and raises {@code licenseLimitReached}. Evaluation has no member
 * limit, and a lapsed license does not stop membership changes.
 */
@Singleton
final class LicenseMemberLimit implements MemberAdmission {
  private final CurrentLicense current;
  private final SecurityEvents events;

  LicenseMemberLimit(CurrentLicense current, SecurityEvents events) {
    this.current = current;
    this.events = events;
  }

  @Override
  public void admit(Organization org, int activeMembers) {
    CurrentLicense.Evaluation e = current.evaluate();
    if (e.license() == null) {
      return;
    }
    Integer max = e.license().termsOf(org.id()).maxMembers();
    if (max == null || activeMembers < max) {
      return;
    }
    events.raise(
        SecurityEvents.event(
                SecurityEventType.LICENSE_LIMIT_REACHED,
                "member limit of " + max + " reached in organization " + org.slug())
            .org(org.id())
            .context("limit", "maxMembersPerOrg")
            .context("max", max)
            .context("used", activeMembers)
            .context("licenseId", e.subject()));
    throw new PlatformException(
        ErrorCode.LICENSE_LIMIT,
        "the license allows at most "
            + max
            + " active members in this organization (maxMembersPerOrg) and "
            + activeMembers
            + " are active");
  }
}
