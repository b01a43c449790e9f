package dev.palisade.console.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.api.BearerToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The session cookie: {@code palisade_session}, HttpOnly, SameSite=Strict, Path=/console, Secure
 * unless the console was reached over plain HTTP on a loopback address. Its value is {@code <org
 * slug or "-">~<access token>}; nothing else about the session is stored anywhere.
 *
 * <p>The token's claims are read (not verified: the API verifies the token on every call) only to
 * know whether the caller is an install admin and with which role a member signed in.
 */
public final class SessionCookie {
  public static final String NAME = "palisade_session";
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+){2}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private SessionCookie() {}

  public static Optional<ConsoleSession> read(HttpRequest<?> request) {
    return request.getCookies().findCookie(NAME).flatMap(c -> parse(c.getValue()));
  }

  public static Optional<ConsoleSession> parse(String value) {
    int sep = value.indexOf('~');
    if (sep < 1) {
      return Optional.empty();
    }
    String org = value.substring(0, sep);
    String token = value.substring(sep + 1);
    if (!TOKEN.matcher(token).matches() || token.length() > 4096) {
      return Optional.empty();
    }
    if (!org.equals("-") && !SLUG.matcher(org).matches()) {
      return Optional.empty();
    }
    JsonNode claims;
    try {
      claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String kind = claims.path("kind").asText("");
    if (!kind.equals("install") && !kind.equals("member")) {
      return Optional.empty();
    }
    JsonNode roles = claims.path("roles");
    String role = roles.isArray() && !roles.isEmpty() ? roles.get(0).asText() : null;
    return Optional.of(
        new ConsoleSession(
            kind,
            kind.equals("member") && !org.equals("-") ? org : null,
            kind.equals("member") ? role : null,
            new BearerToken(token)));
  }

  public static Cookie issue(
      BearerToken token, @Nullable String org, Duration lifetime, boolean secure) {
    String value = (org == null || org.isEmpty() ? "-" : org) + "~" + token.value();
    return base(value, secure).maxAge(lifetime);
  }

  public static Cookie clear(boolean secure) {
    return base("", secure).maxAge(0);
  }

  private static Cookie base(String value, boolean secure) {
    return Cookie.of(NAME, value)
        .path("/console")
        .httpOnly(true)
        .secure(secure)
        .sameSite(SameSite.Strict);
  }
}
