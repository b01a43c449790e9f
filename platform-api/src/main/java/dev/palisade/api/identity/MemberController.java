package dev.palisade.api.identity;

import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Invitation;
import dev.palisade.identity.Member;
import dev.palisade.identity.Members;
import dev.palisade.identity.Memberships;
import dev.palisade.identity.Permission;
import dev.palisade.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.UUID;

/** Members of one organization: list, invite, change role, deactivate, reactivate. */
@Controller("/api/v1/orgs/{slug}/members")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class MemberController {
  private final AccessControl access;
  private final Members members;
  private final Memberships memberships;

  MemberController(AccessControl access, Members members, Memberships memberships) {
    this.access = access;
    this.members = members;
    this.memberships = memberships;
  }

  record InviteRequest(@Nullable String email, @Nullable String role) {}

  record RoleChange(@Nullable String role, @Nullable String reason) {}

  record StatusChange(@Nullable String reason) {}

  @Get
  Page<Member> list(
      Authentication auth,
      String slug,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_VIEW);
    int n = Page.limit(limit);
    List<Member> rows = members.list(a.org(), Page.decode(cursor), n + 1);
    return Page.of(rows, n, m -> m.email().toLowerCase(java.util.Locale.ROOT));
  }

  @Get("/{id}")
  Member get(Authentication auth, String slug, String id) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_VIEW);
    return members.get(a.org(), memberId(id));
  }

  @Post
  HttpResponse<Invitation> invite(Authentication auth, String slug, @Body InviteRequest request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_MANAGE);
    return HttpResponse.created(
        memberships.invite(a.org(), a.caller(), request.email(), request.role()));
  }

  @Patch("/{id}")
  Member changeRole(Authentication auth, String slug, String id, @Body RoleChange request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_MANAGE);
    return memberships.changeRole(
        a.org(), a.caller(), memberId(id), request.role(), request.reason());
  }

  @Post("/{id}/deactivate")
  Member deactivate(
      Authentication auth, String slug, String id, @Nullable @Body StatusChange request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_MANAGE);
    return memberships.setActive(
        a.org(), a.caller(), memberId(id), false, request == null ? null : request.reason());
  }

  @Post("/{id}/reactivate")
  Member reactivate(
      Authentication auth, String slug, String id, @Nullable @Body StatusChange request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_MANAGE);
    return memberships.setActive(
        a.org(), a.caller(), memberId(id), true, request == null ? null : request.reason());
  }

  private static UUID memberId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be a member id (UUID)");
    }
  }
}
