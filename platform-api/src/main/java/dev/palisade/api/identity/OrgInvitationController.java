package dev.palisade.api.identity;

import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.InvitationView;
import dev.palisade.identity.Memberships;
import dev.palisade.identity.Permission;
import dev.palisade.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.UUID;

/** The invitations of one organization: list (never their tokens) and revoke. */
@Controller("/api/v1/orgs/{slug}/invitations")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class OrgInvitationController {
  private final AccessControl access;
  private final Memberships memberships;

  OrgInvitationController(AccessControl access, Memberships memberships) {
    this.access = access;
    this.memberships = memberships;
  }

  @Get
  Page<InvitationView> list(
      Authentication auth,
      String slug,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_MANAGE);
    int n = Page.limit(limit);
    List<InvitationView> rows = memberships.invitations(a.org(), Page.decode(cursor), n + 1);
    return Page.of(rows, n, i -> i.id().toString());
  }

  @Delete("/{id}")
  HttpResponse<Void> revoke(Authentication auth, String slug, String id) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_MANAGE);
    memberships.revoke(a.org(), a.caller(), invitationId(id));
    return HttpResponse.noContent();
  }

  private static UUID invitationId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be an invitation id (UUID)");
    }
  }
}
