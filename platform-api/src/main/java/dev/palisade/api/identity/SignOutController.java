package dev.palisade.api.identity;

import dev.palisade.identity.SignOut;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/** Sign-out: ends the presented token at once, on every instance. */
@Controller("/api/v1/auth")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SignOutController {
  private final SignOut signOut;

  SignOutController(SignOut signOut) {
    this.signOut = signOut;
  }

  @Post("/logout")
  HttpResponse<Void> logout(Authentication auth) {
    signOut.signOut(auth);
    return HttpResponse.noContent();
  }
}
