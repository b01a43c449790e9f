package dev.palisade.api.identity;

import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Caller;
import dev.palisade.identity.Mfa;
import dev.palisade.identity.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.UUID;

/**
 * Resetting another account's second factor: an organization admin for a member, an install admin
 * for another install admin. The account's tokens stop working; it signs in with its password alone
 * and enrols again.
 */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class MfaResetController {
  private final AccessControl access;
  private final Mfa mfa;

  MfaResetController(AccessControl access, Mfa mfa) {
    this.access = access;
    this.mfa = mfa;
  }

  record ResetRequest(@Nullable String reason) {}

  @Delete("/orgs/{slug}/members/{id}/mfa")
  HttpResponse<Void> resetMember(
      Authentication auth, String slug, String id, @Body ResetRequest request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_MANAGE);
    mfa.reset(a.caller(), a.org(), accountId(id), request.reason());
    return HttpResponse.noContent();
  }

  @Delete("/install/admins/{id}/mfa")
  HttpResponse<Void> resetInstallAdmin(Authentication auth, String id, @Body ResetRequest request) {
    Caller caller = access.requireInstallAdmin(auth);
    mfa.reset(caller, null, accountId(id), request.reason());
    return HttpResponse.noContent();
  }

  private static UUID accountId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be an account id (UUID)");
    }
  }
}
