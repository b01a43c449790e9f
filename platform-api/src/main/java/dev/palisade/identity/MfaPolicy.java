package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organization;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * Who must have a second factor: members of an organization whose {@code requireMfa} is on, and
 * install admins when {@code palisade.identity.install-admins-require-mfa} is true. Until they
 * enrol, such callers may only reach enrolment (and their own account); everything else is {@code
 * 403 mfa-enrollment-required}. Whether the caller has a second factor is read with the account
 * itself ({@link Caller#secondFactor}), so the policy costs no round trip of its own.
 */
@Singleton
final class MfaPolicy {
  private final boolean installAdmins;

  MfaPolicy(@Value("${palisade.identity.install-admins-require-mfa:false}") boolean installAdmins) {
    this.installAdmins = installAdmins;
  }

  /** Whether the caller must have a second factor; {@code org} is the member's organization. */
  boolean requires(Caller caller, Organization org) {
    return caller.isInstallAdmin() ? installAdmins : org != null && org.requireMfa();
  }

  /** Refuses a caller who must have a second factor and has none active. */
  void check(Caller caller, Organization org) {
    if (!requires(caller, org)) {
      return;
    }
    if (!caller.secondFactor()) {
      throw new PlatformException(
          ErrorCode.MFA_ENROLLMENT_REQUIRED,
          "a second factor is required: enrol one at /api/v1/me/mfa/totp first");
    }
  }
}
