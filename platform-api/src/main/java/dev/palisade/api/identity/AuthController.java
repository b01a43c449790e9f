package dev.palisade.api.identity;

import dev.palisade.identity.SignIn;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/** Password sign-in; without {@code org} it signs in an install admin. */
@Controller("/api/v1/auth")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AuthController {
  private final SignIn signIn;

  AuthController(SignIn signIn) {
    this.signIn = signIn;
  }

  record LoginRequest(@Nullable String email, @Nullable String password, @Nullable String org) {
    @Override
    public String toString() {
      return "LoginRequest[email=" + email + ", org=" + org + "]";
    }
  }

  @Post("/login")
  SignIn.AccessToken login(@Body LoginRequest request) {
    return signIn.signIn(request.email(), request.password(), request.org());
  }
}
