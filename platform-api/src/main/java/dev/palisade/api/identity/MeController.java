package dev.palisade.api.identity;

import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Profiles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * The caller's identity and effective permissions. Reachable while a policy still requires the
 * caller to enrol a second factor, which the answer says ({@code mfaEnrollmentRequired}).
 */
@Controller("/api/v1/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class MeController {
  private final AccessControl access;
  private final Profiles profiles;

  MeController(AccessControl access, Profiles profiles) {
    this.access = access;
    this.profiles = profiles;
  }

  @Get
  Profiles.Profile me(Authentication auth, @Nullable @QueryValue String org) {
    return profiles.of(access.self(auth), org == null || org.isEmpty() ? null : org);
  }
}
