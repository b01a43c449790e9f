package dev.palisade.api.identity;

import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Mfa;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * The caller's own second factor. Reachable while a policy still requires the caller to enrol, so
 * that they can.
 */
@Controller("/api/v1/me/mfa")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class MyMfaController {
  private final AccessControl access;
  private final Mfa mfa;

  MyMfaController(AccessControl access, Mfa mfa) {
    this.access = access;
    this.mfa = mfa;
  }

  /** Starting an enrolment takes no fields; an empty body or none at all. */
  record EnrollRequest() {}

  record CodeRequest(@Nullable String code) {
    @Override
    public String toString() {
      return "CodeRequest[***]";
    }
  }

  @Get
  Mfa.Status status(Authentication auth) {
    AccessControl.Self self = access.self(auth);
    return mfa.status(self.caller(), self.org());
  }

  @Post("/totp")
  Mfa.Enrollment enroll(Authentication auth, @Nullable @Body EnrollRequest request) {
    AccessControl.Self self = access.self(auth);
    return mfa.enroll(self.caller(), self.org());
  }

  @Post("/totp/confirm")
  Mfa.RecoveryCodeList confirm(Authentication auth, @Body CodeRequest request) {
    AccessControl.Self self = access.self(auth);
    return mfa.confirm(self.caller(), self.org(), request.code());
  }

  @Delete("/totp")
  HttpResponse<Void> disable(Authentication auth, @Body CodeRequest request) {
    AccessControl.Self self = access.self(auth);
    mfa.disable(self.caller(), self.org(), request.code());
    return HttpResponse.noContent();
  }
}
