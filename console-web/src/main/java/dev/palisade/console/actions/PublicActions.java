package dev.palisade.console.actions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * What a person does with a one-time token before having a session: set a new password with a reset
 * token, or set the first one by accepting an invitation. Each is one anonymous API call (rate
 * limited per client address, as sign-in is), behind the console's CSRF checks.
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes(MediaType.APPLICATION_JSON)
final class PublicActions {
  private final Relay relay;

  PublicActions(Relay relay) {
    this.relay = relay;
  }

  @Post("/password-reset")
  MutableHttpResponse<?> passwordReset(HttpRequest<?> request, @Nullable @Body String body) {
    return relay.anonymous(request, "/api/v1/password-reset", body);
  }

  @Post("/install-admin-invitation")
  MutableHttpResponse<?> acceptAdmin(HttpRequest<?> request, @Nullable @Body String body) {
    return relay.anonymous(request, "/api/v1/install/admins/invitations/accept", body);
  }

  @Post("/invitation")
  MutableHttpResponse<?> acceptMember(HttpRequest<?> request, @Nullable @Body String body) {
    return relay.anonymous(request, "/api/v1/invitations/accept", body);
  }
}
