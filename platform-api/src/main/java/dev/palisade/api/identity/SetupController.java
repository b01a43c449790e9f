package dev.palisade.api.identity;

import dev.palisade.identity.Setup;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;
import java.util.UUID;

/** First-run setup: trade the one-time setup token for the first install admin. */
@Controller("/api/v1/setup")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SetupController {
  private final Setup setup;

  SetupController(Setup setup) {
    this.setup = setup;
  }

  record SetupRequest(
      @Nullable String setupToken, @Nullable String email, @Nullable String password) {
    @Override
    public String toString() {
      return "SetupRequest[email=" + email + "]";
    }
  }

  @Get
  Map<String, Object> status() {
    return Map.of("complete", setup.isComplete());
  }

  @Post
  HttpResponse<Map<String, Object>> complete(@Body SetupRequest request) {
    UUID id = setup.complete(request.setupToken(), request.email(), request.password());
    return HttpResponse.created(Map.of("installAdminId", id.toString(), "email", request.email()));
  }
}
