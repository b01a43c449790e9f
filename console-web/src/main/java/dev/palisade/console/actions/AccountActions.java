package dev.palisade.console.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.api.ApiAnswer;
import dev.palisade.console.api.BearerToken;
import dev.palisade.console.session.Csrf;
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
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in account's own actions: its second factor and its password. A password change ends
 * every earlier token of the account, the session's included; the API's fresh token goes into the
 * session cookie and nowhere else (the answer to the page carries no token).
 */
@Controller("/console/account")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes(MediaType.APPLICATION_JSON)
final class AccountActions {
  private final Relay relay;

  AccountActions(Relay relay) {
    this.relay = relay;
  }

  /** A new pending secret: the answer carries it and its otpauth URI, once. */
  @Post("/mfa/enroll")
  MutableHttpResponse<?> enroll(HttpRequest<?> request) {
    return relay.call(request, "POST", "/api/v1/me/mfa/totp", null);
  }

  /** Activates the pending secret with a code; the answer carries the recovery codes, once. */
  @Post("/mfa/confirm")
  MutableHttpResponse<?> confirm(HttpRequest<?> request, @Nullable @Body String body) {
    return relay.call(request, "POST", "/api/v1/me/mfa/totp/confirm", body == null ? "" : body);
  }

  @Post("/mfa/disable")
  MutableHttpResponse<?> disable(HttpRequest<?> request, @Nullable @Body String body) {
    return relay.call(request, "DELETE", "/api/v1/me/mfa/totp", body == null ? "" : body);
  }

  @Post("/password")
  MutableHttpResponse<?> password(HttpRequest<?> request, @Nullable @Body String body) {
    Relay.Checked c = relay.check(request, request.getHeaders().get(Csrf.HEADER));
    if (c.refusal() != null) {
      return c.refusal().response();
    }
    String id = Transport.requestId(request);
    Optional<ConsoleProblem> bad = Relay.jsonObject(body == null ? "" : body, id);
    if (bad.isPresent()) {
      return bad.get().response();
    }
    ApiAnswer a = relay.send(request, c.session(), "POST", "/api/v1/me/password", Map.of(), body);
    if (!a.ok()) {
      return Relay.relay(a);
    }
    JsonNode answer = a.json().orElse(null);
    if (answer == null || !answer.path("accessToken").isTextual()) {
      // the password has changed, but without a token to go on with: sign in again
      return new ConsoleProblem(
              502,
              "dependency-failed",
              "Password changed; sign in again",
              "the platform API answered no new token",
              null,
              id)
          .response()
          .cookie(SessionCookie.clear(Transport.secureCookies(request)));
    }
    BearerToken token = new BearerToken(answer.path("accessToken").asText());
    Duration lifetime = Duration.ofSeconds(Math.max(60, answer.path("expiresIn").asLong(3600)));
    return HttpResponse.ok(Map.of("changed", true))
        .contentType(MediaType.APPLICATION_JSON)
        .cookie(
            SessionCookie.issue(
                token, c.session().org(), lifetime, Transport.secureCookies(request)));
  }
}
