package dev.palisade.api.identity;

import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.PasswordChange;
import dev.palisade.identity.PasswordResets;
import dev.palisade.identity.Permission;
import dev.palisade.identity.ResetToken;
import dev.palisade.identity.SignIn;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.UUID;

/**
 * Passwords: the caller's own change, reset tokens issued by an admin for a member or another
 * install admin, and the anonymous reset with such a token.
 */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class PasswordController {
  private final AccessControl access;
  private final PasswordChange change;
  private final PasswordResets resets;

  PasswordController(AccessControl access, PasswordChange change, PasswordResets resets) {
    this.access = access;
    this.change = change;
    this.resets = resets;
  }

  record ChangeRequest(@Nullable String currentPassword, @Nullable String newPassword) {
    @Override
    public String toString() {
      return "ChangeRequest[]";
    }
  }

  record IssueRequest(@Nullable String reason) {}

  record ResetRequest(@Nullable String token, @Nullable String newPassword) {
    @Override
    public String toString() {
      return "ResetRequest[]";
    }
  }

  @Post("/me/password")
  SignIn.AccessToken changePassword(Authentication auth, @Body ChangeRequest request) {
    return change.change(access.caller(auth), request.currentPassword(), request.newPassword());
  }

  @Post("/orgs/{slug}/members/{id}/password-reset")
  HttpResponse<ResetToken> issueForMember(
      Authentication auth, String slug, String id, @Nullable @Body IssueRequest request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.MEMBERS_MANAGE);
    return HttpResponse.created(
        resets.issue(a.org(), a.caller(), uuid(id, "a member"), reason(request)));
  }

  @Post("/install/admins/{id}/password-reset")
  HttpResponse<ResetToken> issueForInstallAdmin(
      Authentication auth, String id, @Nullable @Body IssueRequest request) {
    return HttpResponse.created(
        resets.issueForInstallAdmin(
            access.requireInstallAdmin(auth), uuid(id, "an install admin"), reason(request)));
  }

  @Post("/password-reset")
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<Void> reset(@Body ResetRequest request) {
    resets.reset(request.token(), request.newPassword());
    return HttpResponse.noContent();
  }

  private static String reason(IssueRequest request) {
    return request == null ? null : request.reason();
  }

  static UUID uuid(String id, String what) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be " + what + " id (UUID)");
    }
  }
}
