package dev.palisade.identity;

import dev.palisade.tenancy.Organization;

/**
 * A feature that limits how many members an organization may have (the license does), without
 * identity depending on it. Every bean of this type is consulted when a member is invited, when an
 * invitation is accepted and when a deactivated member is reactivated.
 */
public interface MemberAdmission {
  /**
   * Throws a {@code PlatformException} (a 4xx) to refuse one more member in {@code org} while
   * {@code activeMembers} are active. Called in the transaction that would add the invitation or
   * the member, so a refusal leaves nothing behind.
   */
  void admit(Organization org, int activeMembers);
}
