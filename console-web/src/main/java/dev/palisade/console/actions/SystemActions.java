package dev.palisade.console.actions;

import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.Ids;
import dev.palisade.console.api.ApiCall;
import dev.palisade.console.session.SessionCookie;
import dev.palisade.console.session.Transport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.net.URI;
import java.util.Map;

/** Install-level actions of the console, each relayed to one API call. */
@Controller("/console/system")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes(MediaType.APPLICATION_JSON)
final class SystemActions {
  private final Relay relay;

  SystemActions(Relay relay) {
    this.relay = relay;
  }

  @Post("/jobs/{name}/run")
  MutableHttpResponse<?> runJob(HttpRequest<?> request, @PathVariable String name) {
    if (!Ids.job(name)) {
      return ConsoleProblem.invalidField("name", "is not a job name", Transport.requestId(request))
          .response();
    }
    return relay.call(request, "POST", "/api/v1/install/jobs/" + name + "/run", null);
  }

  @Post("/audit/verify")
  MutableHttpResponse<?> verify(HttpRequest<?> request) {
    return relay.call(request, "POST", "/api/v1/install/audit/verify", null);
  }

  /** Replaces the install's syslog destination (the API's {@code PUT}). */
  @Post("/syslog")
  MutableHttpResponse<?> saveSyslog(HttpRequest<?> request, @Nullable @Body String body) {
    return relay.call(request, "PUT", "/api/v1/install/syslog", body == null ? "" : body);
  }

  @Post("/syslog/test")
  MutableHttpResponse<?> testSyslog(HttpRequest<?> request) {
    return relay.call(request, "POST", "/api/v1/install/syslog/test", null);
  }

  @Post("/organizations")
  MutableHttpResponse<?> createOrg(HttpRequest<?> request, @Nullable @Body String body) {
    return relay.call(request, "POST", "/api/v1/orgs", body == null ? "" : body);
  }

  @Post("/license")
  MutableHttpResponse<?> importLicense(HttpRequest<?> request, @Nullable @Body String body) {
    if (body == null || body.isBlank()) {
      return ConsoleProblem.invalidField(
              "body", "the signed license envelope is required", Transport.requestId(request))
          .response();
    }
    return relay.call(request, "PUT", "/api/v1/install/license", body);
  }

  @Post("/admins/invite")
  MutableHttpResponse<?> inviteAdmin(HttpRequest<?> request, @Nullable @Body String body) {
    return relay.call(request, "POST", "/api/v1/install/admins", body == null ? "" : body);
  }

  @Post("/admins/{id}/deactivate")
  MutableHttpResponse<?> deactivateAdmin(
      HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
    return admin(request, id, "POST", "/deactivate", body);
  }

  @Post("/admins/{id}/reactivate")
  MutableHttpResponse<?> reactivateAdmin(
      HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
    return admin(request, id, "POST", "/reactivate", body);
  }

  @Post("/admins/{id}/password-reset")
  MutableHttpResponse<?> adminPasswordReset(
      HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
    return admin(request, id, "POST", "/password-reset", body);
  }

  @Post("/admins/{id}/mfa-reset")
  MutableHttpResponse<?> adminMfaReset(
      HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
    return admin(request, id, "DELETE", "/mfa", body);
  }

  private MutableHttpResponse<?> admin(
      HttpRequest<?> request, String id, String method, String rest, @Nullable String body) {
    if (!Ids.uuid(id)) {
      return ConsoleProblem.invalidField(
              "id", "is not an install admin id", Transport.requestId(request))
          .response();
    }
    return relay.call(
        request, method, "/api/v1/install/admins/" + id + rest, body == null ? "" : body);
  }

  /** A receipt file; reading changes nothing, so a plain link suffices (no CSRF token). */
  @Get("/evidence/{id}/receipt")
  MutableHttpResponse<?> receipt(HttpRequest<?> request, @PathVariable String id) {
    var session = SessionCookie.read(request);
    if (session.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/console/sign-in"));
    }
    if (!Ids.uuid(id)) {
      return ConsoleProblem.invalidField("id", "is not a receipt id", Transport.requestId(request))
          .response();
    }
    return Relay.relay(
        relay.send(
            request,
            session.get(),
            "GET",
            "/api/v1/install/evidence/" + ApiCall.segment(id) + "/receipt",
            Map.of(),
            null));
  }
}
