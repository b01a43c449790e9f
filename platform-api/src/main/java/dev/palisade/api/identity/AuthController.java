package dev.palisade.api.identity;

import dev.palisade.identity.HashingPriority;
import dev.palisade.identity.MfaSignIn;
import dev.palisade.identity.SignIn;
import dev.palisade.ratelimit.RateLimitFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
  private final MfaSignIn mfaSignIn;

  AuthController(SignIn signIn, MfaSignIn mfaSignIn) {
    this.signIn = signIn;
    this.mfaSignIn = mfaSignIn;
  }

  record LoginRequest(@Nullable String email, @Nullable String password, @Nullable String org) {
    @Override
    public String toString() {
      return "LoginRequest[email=" + email + ", org=" + org + "]";
    }
  }

  /** A token, or {@code {"mfaRequired": true, "challenge": …}} for an account with MFA. */
  /**
   * The password hash of a sign-in from a quiet client (see {@link RateLimitFilter#quietClient})
   * waits behind other quiet clients only, not behind a flood.
   */
  @Post("/login")
  SignIn.Result login(HttpRequest<?> http, @Body LoginRequest request) {
    try (HashingPriority p = HashingPriority.of(RateLimitFilter.quietClient(http))) {
      return signIn.signIn(request.email(), request.password(), request.org());
    }
  }

  record MfaRequest(@Nullable String challenge, @Nullable String code) {
    @Override
    public String toString() {
      return "MfaRequest[***]";
    }
  }

  @Post("/login/mfa")
  SignIn.AccessToken loginMfa(@Body MfaRequest request) {
    return mfaSignIn.finish(request.challenge(), request.code());
  }
}
