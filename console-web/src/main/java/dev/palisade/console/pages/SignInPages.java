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
import dev.palisade.console.session.MfaPending;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in and sign-out. The form posts here; the console signs in with {@code POST
 * /api/v1/auth/login} and keeps the token in the HttpOnly session cookie, never where a script can
 * read it. For an account with a second factor, a second form asks for the code between the
 * password and the cookie ({@code POST /api/v1/auth/login/mfa}), the API's challenge kept meanwhile
 * in an HttpOnly cookie of its own ({@link MfaPending}).
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SignInPages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_CHALLENGE = Duration.ofMinutes(10);
  private final Pages pages;
  private final ApiClient api;
  private final Csrf csrf;
  private final Clock clock;

  SignInPages(Pages pages, ApiClient api, Csrf csrf, Clock clock) {
    this.pages = pages;
    this.api = api;
    this.csrf = csrf;
    this.clock = clock;
  }

  @Get
  MutableHttpResponse<?> landing(HttpRequest<?> request) {
    Optional<ConsoleSession> s = SessionCookie.read(request);
    if (s.isEmpty()) {
      return Pages.toSignIn(request, false);
    }
    return HttpResponse.seeOther(URI.create(home(s.get(), Transport.requestId(request))));
  }

  /**
   * Where a caller starts: the Operations page for install admins; for a member, the audit log when
   * the API says they may read it ({@code GET /api/v1/me}), else the settings page.
   */
  private String home(ConsoleSession s, String requestId) {
    if (s.installAdmin() || s.org() == null) {
      return "/console/system/operations";
    }
    ApiAnswer me =
        api.send(
            ApiCall.get("/api/v1/me", Map.of("org", s.org()), s.token()).withRequestId(requestId));
    boolean audit =
        me.ok()
            && me.json()
                .map(j -> OrgPages.grants(j.path("organizations").path(0), "audit:view"))
                .orElse(false);
    return "/console/orgs/" + s.org() + "/" + (audit ? "audit" : "settings");
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
    ObjectNode echo = echo(form);
    boolean json = wantsJson(request);
    Optional<ConsoleProblem> refused = csrf.check(request, form.get(Csrf.FIELD));
    if (refused.isPresent()) {
      return refuse(request, json, echo, refused.get().toJson(), 403);
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("email", form.getOrDefault("email", ""));
    body.put("password", form.getOrDefault("password", ""));
    String org = trim(form.get("org"), 64);
    if (!org.isEmpty()) {
      body.put("org", org);
    }
    ApiAnswer a = call(request, "/api/v1/auth/login", body);
    JsonNode answer = a.json().orElse(null);
    if (a.ok()
        && answer != null
        && answer.path("mfaRequired").asBoolean(false)
        && answer.path("challenge").isTextual()) {
      return secondStep(request, form, echo, org, answer);
    }
    return finish(request, form, echo, org, a, answer);
  }

  /** The password was right and the account has a second factor: ask for the code. */
  private MutableHttpResponse<?> secondStep(
      HttpRequest<?> request,
      Map<String, String> form,
      ObjectNode echo,
      String org,
      JsonNode answer) {
    Instant now = Instant.now(clock);
    long ttl = Math.min(MAX_CHALLENGE.toSeconds(), Math.max(1, answer.path("expiresIn").asLong()));
    MfaPending pending =
        new MfaPending(
            org.isEmpty() ? null : org, now.plusSeconds(ttl), answer.path("challenge").asText());
    Optional<MfaPending> valid = MfaPending.parse(pending.value());
    if (valid.isEmpty()) {
      return refuse(
          request,
          wantsJson(request),
          echo,
          dependencyFailed(request, "the platform API answered a malformed challenge"),
          502);
    }
    boolean secure = Transport.secureCookies(request);
    MutableHttpResponse<?> r;
    if (wantsJson(request)) {
      r = HttpResponse.ok(Map.of("mfaRequired", true)).contentType(MediaType.APPLICATION_JSON);
    } else {
      echo.put("step", "code");
      r = pages.page(request, "sign-in", "Sign in", null, echo, null, 200);
    }
    return r.cookie(pending.cookie(now, secure));
  }

  /**
   * The second step: the code (TOTP or recovery code) with the challenge kept in the cookie. A
   * wrong code stays on this step with the API's problem; a challenge past its time goes back to
   * the password.
   */
  @Post("/sign-in/mfa")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, "application/problem+json"})
  MutableHttpResponse<?> secondFactor(HttpRequest<?> request, @Body Map<String, String> form) {
    ObjectNode echo = JSON.createObjectNode();
    echo.put("step", "code");
    echo.put("next", next(form));
    boolean json = wantsJson(request);
    Optional<ConsoleProblem> refused = csrf.check(request, form.get(Csrf.FIELD));
    if (refused.isPresent()) {
      return refuse(request, json, echo, refused.get().toJson(), 403);
    }
    boolean secure = Transport.secureCookies(request);
    Optional<MfaPending> pending = MfaPending.read(request);
    if (pending.isEmpty() || pending.get().expired(Instant.now(clock))) {
      ObjectNode first = JSON.createObjectNode();
      first.put("next", next(form));
      pending.ifPresent(p -> first.put("org", p.org() == null ? "" : p.org()));
      JsonNode problem =
          new ConsoleProblem(
                  401,
                  "sign-in-expired",
                  "Sign-in expired",
                  "the code must follow the password within 5 minutes; sign in again",
                  null,
                  Transport.requestId(request))
              .toJson();
      return refuse(request, json, first, problem, 401).cookie(MfaPending.clear(secure));
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("challenge", pending.get().challenge());
    body.put("code", form.getOrDefault("code", "").trim());
    ApiAnswer a = call(request, "/api/v1/auth/login/mfa", body);
    JsonNode answer = a.json().orElse(null);
    String org = pending.get().org() == null ? "" : pending.get().org();
    MutableHttpResponse<?> r = finish(request, form, echo, org, a, answer);
    return a.ok() ? r.cookie(MfaPending.clear(secure)) : r;
  }

  /** Signed in with the API's token, or the API's refusal shown on the step it came from. */
  private MutableHttpResponse<?> finish(
      HttpRequest<?> request,
      Map<String, String> form,
      ObjectNode echo,
      String org,
      ApiAnswer a,
      @Nullable JsonNode answer) {
    boolean json = wantsJson(request);
    if (!a.ok() || answer == null || !answer.path("accessToken").isTextual()) {
      JsonNode problem =
          answer != null && answer.has("title")
              ? answer
              : dependencyFailed(request, "the platform API answered " + a.status());
      return refuse(request, json, echo, problem, a.ok() ? 502 : a.status());
    }
    boolean secure = Transport.secureCookies(request);
    BearerToken token = new BearerToken(answer.path("accessToken").asText());
    Duration lifetime = Duration.ofSeconds(Math.max(60, answer.path("expiresIn").asLong(3600)));
    String next = Pages.safeNext(form.get("next"));
    Optional<ConsoleSession> session =
        SessionCookie.parse((org.isEmpty() ? "-" : org) + "~" + token.value());
    String target =
        next != null
            ? next
            : session.map(s -> home(s, Transport.requestId(request))).orElse("/console");
    MutableHttpResponse<?> r =
        json
            ? HttpResponse.ok(Map.of("location", target)).contentType(MediaType.APPLICATION_JSON)
            : HttpResponse.seeOther(URI.create(target));
    return r.cookie(SessionCookie.issue(token, org.isEmpty() ? null : org, lifetime, secure))
        // a new CSRF token for the new session: one seen before sign-in is not reused after it
        .cookie(csrf.cookie(csrf.newToken(), secure));
  }

  private MutableHttpResponse<?> refuse(
      HttpRequest<?> request, boolean json, ObjectNode echo, JsonNode problem, int status) {
    if (json) {
      return HttpResponse.status(HttpStatus.valueOf(status))
          .contentType(ConsoleProblem.PROBLEM_JSON)
          .body(problem.toString());
    }
    return pages.page(request, "sign-in", "Sign in", null, echo, problem, status);
  }

  private ApiAnswer call(HttpRequest<?> request, String path, ObjectNode body) {
    return api.send(
        new ApiCall("POST", path, Map.of(), body.toString(), null, Transport.requestId(request)));
  }

  private static JsonNode dependencyFailed(HttpRequest<?> request, String detail) {
    return new ConsoleProblem(
            502, "dependency-failed", "Sign-in failed", detail, null, Transport.requestId(request))
        .toJson();
  }

  private static String next(Map<String, String> form) {
    String next = Pages.safeNext(form.get("next"));
    return next == null ? "" : next;
  }

  private static ObjectNode echo(Map<String, String> form) {
    ObjectNode echo = JSON.createObjectNode();
    echo.put("email", trim(form.get("email"), 320));
    echo.put("org", trim(form.get("org"), 64));
    echo.put("next", next(form));
    return echo;
  }

  /**
   * Sign-out: the API revokes the session's token ({@code POST /api/v1/auth/logout}), then the
   * browser forgets the cookie. A token the API no longer accepts counts as signed out; any other
   * failure keeps the session and answers the problem, so a token is never left valid behind a page
   * that says "signed out".
   */
  @Post("/sign-out")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  MutableHttpResponse<?> signOut(HttpRequest<?> request, @Body Map<String, String> form) {
    Optional<ConsoleProblem> refused = csrf.check(request, form.get(Csrf.FIELD));
    if (refused.isPresent()) {
      return refused.get().response();
    }
    Optional<ConsoleSession> session = SessionCookie.read(request);
    if (session.isPresent()) {
      ApiAnswer a =
          api.send(
              new ApiCall(
                  "POST",
                  "/api/v1/auth/logout",
                  Map.of(),
                  null,
                  session.get().token(),
                  Transport.requestId(request)));
      if (!a.ok() && a.status() != 401) {
        return a.json().isPresent()
            ? HttpResponse.status(HttpStatus.valueOf(a.status()))
                .contentType(ConsoleProblem.PROBLEM_JSON)
                .body(a.json().get().toString())
            : new ConsoleProblem(
                    502,
                    "dependency-failed",
                    "Sign-out failed",
                    "the platform API answered " + a.status() + "; the session is kept",
                    null,
                    Transport.requestId(request))
                .response();
      }
    }
    boolean secure = Transport.secureCookies(request);
    MutableHttpResponse<?> r =
        wantsJson(request)
            ? HttpResponse.noContent()
            : HttpResponse.seeOther(URI.create("/console/sign-in"));
    return r.cookie(SessionCookie.clear(secure))
        .cookie(MfaPending.clear(secure))
        .cookie(csrf.cookie(csrf.newToken(), secure));
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
