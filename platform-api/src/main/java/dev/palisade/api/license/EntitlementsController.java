package dev.palisade.api.license;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import dev.palisade.license.Entitlements;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/** What an organization is entitled to under the install's license (members with org:view). */
@Controller("/api/v1/orgs/{slug}/entitlements")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class EntitlementsController {
  private final AccessControl access;
  private final Entitlements entitlements;

  EntitlementsController(AccessControl access, Entitlements entitlements) {
    this.access = access;
    this.entitlements = entitlements;
  }

  @Get
  Entitlements.OrgEntitlements get(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.ORG_VIEW);
    return entitlements
        .of(a.org().id())
        .orElseThrow(
            () ->
                new PlatformException(
                    ErrorCode.NOT_FOUND, "no entitlements are projected for this organization"));
  }
}
