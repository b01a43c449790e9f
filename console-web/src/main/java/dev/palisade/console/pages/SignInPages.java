package dev.palisade.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.api.ApiAnswer;
import dev.palisade.console.api.ApiCall;
import dev.palisade.console.api.ApiClient;
import dev.palisade.console.api.BearerToken;
import dev.palisade.console.session.ConsoleSession;
import dev.palisade.console.session.Csrf;
import dev.palisade.console.session.SessionCookie;
import dev.palisade.console.session.Transport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in and sign-out. The form posts here; the console signs in with {@code POST
 * /api/v1/auth/login} and keeps the token in the HttpOnly session cookie, never where a script can
 * read it. A second factor will be asked for between the password and the cookie once the API
 * offers one.
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SignInPages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Pages pages;
  private final ApiClient api;
  private final Csrf csrf;

  SignInPages(Pages pages, ApiClient api, Csrf csrf) {
    this.pages = pages;
    this.api = api;
    this.csrf = csrf;
  }

  @Get
  MutableHttpResponse<?> landing(HttpRequest<?> request) {
    Optional<ConsoleSession> s = SessionCookie.read(request);
    if (s.isEmpty()) {
      return Pages.toSignIn(request, false);
    }
    return HttpResponse.seeOther(URI.create(home(s.get())));
  }

  static String home(ConsoleSession s) {
    if (s.installAdmin() || s.org() == null) {
      return "/console/system/operations";
    }
    String page = "member".equals(s.role()) ? "settings" : "audit";
    return "/console/orgs/" + s.org() + "/" + page;
  }

  @Get("/sign-in")
  @Produces(MediaType.TEXT_HTML)
  MutableHttpResponse<?> form(HttpRequest<?> request) {
    return pages.page(request, "sign-in", "Sign in", null, JSON.createObjectNode(), null, 200);
  }

  @Post("/sign-in")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, "application/problem+json"})
  MutableHttpResponse<?> signIn(HttpRequest<?> request, @Body Map<String, String> form) {
    ObjectNode echo = JSON.createObjectNode();
    echo.put("email", trim(form.get("email"), 320));
    echo.put("org", trim(form.get("org"), 64));
    boolean json = wantsJson(request);
    Optional<ConsoleProblem> refused = csrf.check(request, form.get(Csrf.FIELD));
    if (refused.isPresent()) {
      return json
          ? refused.get().response()
          : pages.page(request, "sign-in", "Sign in", null, echo, refused.get().toJson(), 403);
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("email", form.getOrDefault("email", ""));
    body.put("password", form.getOrDefault("password", ""));
    String org = trim(form.get("org"), 64);
    if (!org.isEmpty()) {
      body.put("org", org);
    }
    ApiAnswer a =
        api.send(
            new ApiCall(
                "POST",
                "/api/v1/auth/login",
                Map.of(),
                body.toString(),
                null,
                Transport.requestId(request)));
    JsonNode answer = a.json().orElse(null);
    if (!a.ok() || answer == null || !answer.path("accessToken").isTextual()) {
      JsonNode problem =
          answer != null && answer.has("title")
              ? answer
              : new ConsoleProblem(
                      a.status(),
                      "dependency-failed",
                      "Sign-in failed",
                      "the platform API answered " + a.status(),
                      null,
                      Transport.requestId(request))
                  .toJson();
      int status = a.ok() ? 502 : a.status();
      if (json) {
        return HttpResponse.status(HttpStatus.valueOf(status))
            .contentType(ConsoleProblem.PROBLEM_JSON)
            .body(problem.toString());
      }
      return pages.page(request, "sign-in", "Sign in", null, echo, problem, status);
    }
    boolean secure = Transport.secureCookies(request);
    BearerToken token = new BearerToken(answer.path("accessToken").asText());
    Duration lifetime = Duration.ofSeconds(Math.max(60, answer.path("expiresIn").asLong(3600)));
    String next = Pages.safeNext(form.get("next"));
    Optional<ConsoleSession> session =
        SessionCookie.parse((org.isEmpty() ? "-" : org) + "~" + token.value());
    String target = next != null ? next : session.map(SignInPages::home).orElse("/console");
    MutableHttpResponse<?> r =
        json
            ? HttpResponse.ok(Map.of("location", target)).contentType(MediaType.APPLICATION_JSON)
            : HttpResponse.seeOther(URI.create(target));
    return r.cookie(SessionCookie.issue(token, org.isEmpty() ? null : org, lifetime, secure))
        // a new CSRF token for the new session: one seen before sign-in is not reused after it
        .cookie(csrf.cookie(csrf.newToken(), secure));
  }

  @Post("/sign-out")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  MutableHttpResponse<?> signOut(HttpRequest<?> request, @Body Map<String, String> form) {
    Optional<ConsoleProblem> refused = csrf.check(request, form.get(Csrf.FIELD));
    if (refused.isPresent()) {
      return refused.get().response();
    }
    boolean secure = Transport.secureCookies(request);
    MutableHttpResponse<?> r =
        wantsJson(request)
            ? HttpResponse.noContent()
            : HttpResponse.seeOther(URI.create("/console/sign-in"));
    return r.cookie(SessionCookie.clear(secure)).cookie(csrf.cookie(csrf.newToken(), secure));
  }

  /** The console's own script asks for JSON; a plain form post (no script) gets pages. */
  private static boolean wantsJson(HttpRequest<?> request) {
    String accept = request.getHeaders().get("Accept");
    return accept != null && accept.startsWith("application/json");
  }

  private static String trim(@Nullable String s, int max) {
    if (s == null) {
      return "";
    }
    String t = s.trim();
    return t.length() > max ? t.substring(0, max) : t;
  }
}
