package dev.palisade.api.identity;

import dev.palisade.identity.Member;
import dev.palisade.identity.Memberships;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/** Accepting an invitation: the token names the organization, the caller sets a password. */
@Controller("/api/v1/invitations")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class InvitationController {
  private final Memberships memberships;

  InvitationController(Memberships memberships) {
    this.memberships = memberships;
  }

  record AcceptRequest(@Nullable String token, @Nullable String password) {
    @Override
    public String toString() {
      return "AcceptRequest[]";
    }
  }

  @Post("/accept")
  HttpResponse<Member> accept(@Body AcceptRequest request) {
    return HttpResponse.created(memberships.accept(request.token(), request.password()));
  }
}
