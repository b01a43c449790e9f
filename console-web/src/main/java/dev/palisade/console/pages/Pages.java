package dev.palisade.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.api.ApiClient;
import dev.palisade.console.render.ConsolePage;
import dev.palisade.console.render.PageRenderer;
import dev.palisade.console.render.RenderException;
import dev.palisade.console.session.ConsoleSession;
import dev.palisade.console.session.Csrf;
import dev.palisade.console.session.SessionCookie;
import dev.palisade.console.session.Transport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.uri.QueryStringDecoder;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How every signed-in page is answered: without a session, a redirect to the sign-in page and back;
 * otherwise the page's API calls with the caller's token, then the page rendered from what they
 * answered (the API's problem and status when an essential call failed). An expired token clears
 * the cookie and asks to sign in again; an account that must first enrol a second factor ({@code
 * 403 mfa-enrollment-required}) is sent to the account page.
 */
@Singleton
final class Pages {
  static final String ACCOUNT = "/console/account";
  private static final int MAX_PARAMS = 32;
  private static final int MAX_VALUE = 2000;
  private static final Pattern NEXT =
      Pattern.compile(
          "/console(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?(\\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?");

  private final ApiClient api;
  private final Csrf csrf;
  private final PageRenderer renderer;
  private final Clock clock;

  Pages(ApiClient api, Csrf csrf, PageRenderer renderer, Clock clock) {
    this.api = api;
    this.csrf = csrf;
    this.renderer = renderer;
    this.clock = clock;
  }

  /** Loads a page's data into {@link PageLoad#data}, with as many API calls as it needs. */
  interface Loader {
    void load(PageLoad load);
  }

  MutableHttpResponse<?> render(HttpRequest<?> request, String page, String title, Loader loader) {
    Optional<ConsoleSession> session = SessionCookie.read(request);
    if (session.isEmpty()) {
      return toSignIn(request, false);
    }
    Map<String, String> query = query(request);
    PageLoad load = new PageLoad(api, session.get(), Transport.requestId(request), query);
    JsonNode data;
    JsonNode problem;
    int status;
    try {
      loader.load(load);
      data = load.data;
      problem = load.problem;
      status = problem == null ? 200 : problem.path("status").asInt(200);
    } catch (PageFailure f) {
      if (load.unauthenticated) {
        return toSignIn(request, true);
      }
      if (load.enrollmentRequired) {
        // the organization (or the install) requires a second factor this account has not got:
        // every page leads to the account page, whose calls the API still answers, until it has
        return HttpResponse.seeOther(URI.create(ACCOUNT + "?enroll=required"));
      }
      data = null;
      problem = f.answer().json().orElse(generic(f.answer().status(), request));
      status = f.answer().status();
    }
    return page(request, page, title, session.get().view(), data, problem, status);
  }

  /** A page response, with a CSRF cookie when the browser has none yet. */
  MutableHttpResponse<?> page(
      HttpRequest<?> request,
      String page,
      String title,
      @Nullable Map<String, Object> session,
      @Nullable JsonNode data,
      @Nullable JsonNode problem,
      int status) {
    Optional<String> existing = csrf.current(request);
    String token = existing.orElseGet(csrf::newToken);
    ConsolePage p =
        new ConsolePage(
            page,
            title,
            request.getPath(),
            query(request),
            session,
            token,
            data,
            problem,
            Instant.now(clock).toString());
    Writable html;
    try {
      html = renderer.render(PageRenderer.VIEW, p, request);
    } catch (RenderException e) {
      return new ConsoleProblem(
              503,
              "dependency-unavailable",
              "Dependency unavailable",
              "the console is busy: " + e.getMessage(),
              null,
              Transport.requestId(request))
          .response();
    }
    MutableHttpResponse<Writable> r =
        HttpResponse.<Writable>status(HttpStatus.valueOf(status))
            .contentType(MediaType.TEXT_HTML_TYPE.getName() + ";charset=utf-8")
            .body(html);
    if (existing.isEmpty()) {
      r.cookie(csrf.cookie(token, Transport.secureCookies(request)));
    }
    return r;
  }

  /** 303 to the sign-in page with this page as {@code next}; optionally forgets the session. */
  static MutableHttpResponse<?> toSignIn(HttpRequest<?> request, boolean clear) {
    String here = request.getUri().getRawPath();
    String q = request.getUri().getRawQuery();
    String next = q == null ? here : here + "?" + q;
    String target = "/console/sign-in";
    if (safeNext(next) != null && !here.equals("/console/sign-in")) {
      target += "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }
    MutableHttpResponse<?> r = HttpResponse.seeOther(URI.create(target));
    if (clear) {
      r.cookie(SessionCookie.clear(Transport.secureCookies(request)));
    }
    return r;
  }

  /**
   * A {@code next} address to return to after sign-in: only a path of this console, never another
   * host, scheme or a protocol-relative address. Null when it is not one.
   */
  @Nullable
  static String safeNext(@Nullable String next) {
    if (next == null || next.length() > MAX_VALUE || !NEXT.matcher(next).matches()) {
      return null;
    }
    if (next.contains("//") || next.contains("/../") || next.endsWith("/..")) {
      return null;
    }
    return next;
  }

  /**
   * The query string of the request's URI. Not {@code getParameters()}: behind API Gateway those
   * hold the fields of a form body too, and a page must never echo a submitted password.
   */
  static Map<String, String> query(HttpRequest<?> request) {
    Map<String, String> m = new TreeMap<>();
    Map<String, List<String>> params =
        new QueryStringDecoder(request.getUri(), StandardCharsets.UTF_8, MAX_PARAMS + 1)
            .parameters();
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      if (m.size() >= MAX_PARAMS) {
        break;
      }
      String v = e.getValue().isEmpty() ? "" : e.getValue().get(0);
      if (e.getKey().length() <= 64 && v.length() <= MAX_VALUE) {
        m.put(e.getKey(), v);
      }
    }
    return m;
  }

  private static JsonNode generic(int status, HttpRequest<?> request) {
    return new ConsoleProblem(
            status,
            "dependency-failed",
            "Request failed",
            "the platform API answered " + status,
            null,
            Transport.requestId(request))
        .toJson();
  }
}
