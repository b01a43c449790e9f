package dev.palisade.console.render;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The headers of every console response. Each page gets a fresh nonce: the only scripts that run
 * are the two the page names with it (the props, which are JSON and not executed, and the client
 * bundle). Nothing may frame the console, no referrer leaves it, and pages are never cached.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ConsoleHeadersFilter {
  /**
   * Console paths, matched here rather than by filter patterns: Micronaut matches a filter's path
   * patterns on every request, which the probes paid for.
   */
  static boolean console(String path) {
    return path.equals("/console") || path.startsWith("/console/");
  }

  private final SecureRandom random = new SecureRandom();

  @RequestFilter
  void nonce(HttpRequest<?> request) {
    if (!console(request.getPath())) {
      return;
    }
    byte[] b = new byte[18];
    random.nextBytes(b);
    request.setAttribute(PageRenderer.NONCE, Base64.getEncoder().encodeToString(b));
  }

  @ResponseFilter
  void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (!console(request.getPath())) {
      return;
    }
    String nonce = request.getAttribute(PageRenderer.NONCE, String.class).orElse("none");
    MutableHttpHeaders h = response.getHeaders();
    h.set(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'nonce-"
            + nonce
            + "'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Cross-Origin-Resource-Policy", "same-origin");
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (!request.getPath().startsWith("/console/assets/")) {
      h.set("Cache-Control", "no-store");
    }
  }
}
