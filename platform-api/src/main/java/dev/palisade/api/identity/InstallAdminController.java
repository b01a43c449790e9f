package dev.palisade.api.identity;

import dev.palisade.identity.AccessControl;
import dev.palisade.identity.AdminInvitation;
import dev.palisade.identity.InstallAdmin;
import dev.palisade.identity.InstallAdminAccounts;
import dev.palisade.identity.InstallAdmins;
import dev.palisade.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.Locale;

/** Install admins: list, invite, accept an invitation (anonymous), deactivate, reactivate. */
@Controller("/api/v1/install/admins")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class InstallAdminController {
  private final AccessControl access;
  private final InstallAdmins admins;
  private final InstallAdminAccounts accounts;

  InstallAdminController(
      AccessControl access, InstallAdmins admins, InstallAdminAccounts accounts) {
    this.access = access;
    this.admins = admins;
    this.accounts = accounts;
  }

  record InviteRequest(@Nullable String email) {}

  record StatusChange(@Nullable String reason) {}

  record AcceptRequest(@Nullable String token, @Nullable String password) {
    @Override
    public String toString() {
      return "AcceptRequest[]";
    }
  }

  @Get
  Page<InstallAdmin> list(
      Authentication auth,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    access.requireInstallAdmin(auth);
    int n = Page.limit(limit);
    List<InstallAdmin> rows = admins.list(Page.decode(cursor), n + 1);
    return Page.of(rows, n, a -> a.email().toLowerCase(Locale.ROOT));
  }

  @Post
  HttpResponse<AdminInvitation> invite(Authentication auth, @Body InviteRequest request) {
    return HttpResponse.created(accounts.invite(access.requireInstallAdmin(auth), request.email()));
  }

  @Post("/invitations/accept")
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<InstallAdmin> accept(@Body AcceptRequest request) {
    return HttpResponse.created(accounts.accept(request.token(), request.password()));
  }

  @Post("/{id}/deactivate")
  InstallAdmin deactivate(Authentication auth, String id, @Nullable @Body StatusChange request) {
    return accounts.setActive(
        access.requireInstallAdmin(auth),
        PasswordController.uuid(id, "an install admin"),
        false,
        request == null ? null : request.reason());
  }

  @Post("/{id}/reactivate")
  InstallAdmin reactivate(Authentication auth, String id, @Nullable @Body StatusChange request) {
    return accounts.setActive(
        access.requireInstallAdmin(auth),
        PasswordController.uuid(id, "an install admin"),
        true,
        request == null ? null : request.reason());
  }
}
