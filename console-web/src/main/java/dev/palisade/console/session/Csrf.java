package dev.palisade.console.session;

import dev.palisade.console.ConsoleConfig;
import dev.palisade.console.ConsoleProblem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Protection of every state-changing console request (sign-in included) against cross-site request
 * forgery, in two independent checks:
 *
 * <ol>
 *   <li>the {@code Origin} header must be present and be this server's own origin (the scheme and
 *       {@code Host} the request came with, its HTTPS form, or one of {@code
 *       palisade.console.allowed-origins}). Under the console's {@code Referrer-Policy:
 *       no-referrer} a browser sends {@code Origin: null} with a form post of its own page; that
 *       value is accepted only together with {@code Sec-Fetch-Site: same-origin}, which the browser
 *       sets itself and no page can forge (a sandboxed frame of another site sends {@code null}
 *       with {@code cross-site}). The console's own scripts send the real origin;
 *   <li>double submit: the request carries a token (header {@code X-CSRF-Token} or form field
 *       {@code csrf}) equal to the {@code palisade_csrf} cookie (HttpOnly, SameSite=Strict, 256
 *       random bits), which a page from another site can neither read nor set.
 * </ol>
 *
 * Refusals are {@code 403} problem documents; nothing reaches the API.
 */
@Singleton
public final class Csrf {
  public static final String COOKIE = "palisade_csrf";
  public static final String HEADER = "X-CSRF-Token";
  public static final String FIELD = "csrf";
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
  private final SecureRandom random = new SecureRandom();
  private final ConsoleConfig config;

  Csrf(ConsoleConfig config) {
    this.config = config;
  }

  /** The token of the browser's cookie, when it has a well-formed one. */
  public Optional<String> current(HttpRequest<?> request) {
    return request
        .getCookies()
        .findCookie(COOKIE)
        .map(Cookie::getValue)
        .filter(v -> TOKEN.matcher(v).matches());
  }

  public String newToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public Cookie cookie(String token, boolean secure) {
    return Cookie.of(COOKIE, token)
        .path("/console")
        .httpOnly(true)
        .secure(secure)
        .sameSite(SameSite.Strict);
  }

  /** Empty when the request passes both checks, else the refusal to answer. */
  public Optional<ConsoleProblem> check(HttpRequest<?> request, @Nullable String submitted) {
    String id = Transport.requestId(request);
    String origin = request.getHeaders().get("Origin");
    if (origin == null || origin.isBlank()) {
      return Optional.of(ConsoleProblem.forbidden("Origin header required", id));
    }
    if ("null".equals(origin.trim())) {
      if (!"same-origin".equals(request.getHeaders().get("Sec-Fetch-Site"))) {
        return Optional.of(ConsoleProblem.forbidden("cross-origin request refused", id));
      }
    } else if (!sameOrigin(request, origin.trim())) {
      return Optional.of(ConsoleProblem.forbidden("cross-origin request refused", id));
    }
    Optional<String> cookie = current(request);
    if (cookie.isEmpty() || submitted == null || submitted.isEmpty()) {
      return Optional.of(ConsoleProblem.forbidden("CSRF token missing", id));
    }
    boolean equal =
        MessageDigest.isEqual(
            cookie.get().getBytes(StandardCharsets.US_ASCII),
            submitted.getBytes(StandardCharsets.US_ASCII));
    return equal
        ? Optional.empty()
        : Optional.of(ConsoleProblem.forbidden("CSRF token does not match", id));
  }

  private boolean sameOrigin(HttpRequest<?> request, String origin) {
    String host = Transport.host(request);
    if (host.isEmpty() || Transport.hostName(host).isEmpty()) {
      return false;
    }
    String scheme = request.isSecure() ? "https" : "http";
    return origin.equalsIgnoreCase(scheme + "://" + host)
        || origin.equalsIgnoreCase("https://" + host)
        || config.allowedOrigins().stream().anyMatch(origin::equalsIgnoreCase);
  }
}
