package dev.palisade.api.events;

import dev.palisade.errors.PlatformException;
import dev.palisade.events.RetentionPolicies;
import dev.palisade.identity.AccessControl;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** How long security events of each type are kept (install admins). */
@Controller("/api/v1/install/security-events/retention")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class RetentionController {
  private final AccessControl access;
  private final RetentionPolicies policies;

  RetentionController(AccessControl access, RetentionPolicies policies) {
    this.access = access;
    this.policies = policies;
  }

  /** Either {@code type} and {@code days}, or {@code types}: a map of type to days. */
  record RetentionChange(
      @Nullable String type, @Nullable Integer days, @Nullable Map<String, Integer> types) {}

  @Get
  RetentionPolicies.Retentions get(Authentication auth) {
    access.requireInstallAdmin(auth);
    return policies.effective();
  }

  @Put
  RetentionPolicies.Retentions change(Authentication auth, @Body RetentionChange request) {
    String actor = access.requireInstallAdmin(auth).actor();
    if (request.types() != null) {
      if (request.type() != null || request.days() != null) {
        throw PlatformException.invalidField("types", "give either types or type and days");
      }
      return policies.change(new LinkedHashMap<>(request.types()), "types", actor);
    }
    if (request.type() == null) {
      throw PlatformException.invalidField("type", "is required");
    }
    if (request.days() == null) {
      throw PlatformException.invalidField("days", "is required");
    }
    Map<String, Integer> one = new LinkedHashMap<>();
    one.put(request.type(), request.days());
    return policies.change(one, "type", actor);
  }
}
