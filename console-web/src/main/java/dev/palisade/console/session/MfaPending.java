package dev.palisade.console.session;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A sign-in waiting for its second factor: the API's challenge, kept in the {@code palisade_mfa}
 * cookie (HttpOnly, SameSite=Strict, Path=/console/sign-in, Secure as the session cookie) between
 * the password and the code, never in the page or where a script can read it. Its value is {@code
 * <org slug or "-">~<expiry, epoch seconds>~<challenge>}; the expiry is the console's own reckoning
 * of the API's {@code expiresIn}, so that an expired step goes back to the password instead of
 * reading as a wrong code (the API answers both alike).
 */
public record MfaPending(@Nullable String org, Instant expiresAt, String challenge) {
  public static final String NAME = "palisade_mfa";
  private static final String PATH = "/console/sign-in";
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  public static Optional<MfaPending> read(HttpRequest<?> request) {
    return request.getCookies().findCookie(NAME).flatMap(c -> parse(c.getValue()));
  }

  public static Optional<MfaPending> parse(String value) {
    String[] parts = value.split("~", -1);
    if (parts.length != 3 || !CHALLENGE.matcher(parts[2]).matches()) {
      return Optional.empty();
    }
    if (!parts[0].equals("-") && !SLUG.matcher(parts[0]).matches()) {
      return Optional.empty();
    }
    if (!parts[1].matches("[0-9]{1,12}")) {
      return Optional.empty();
    }
    return Optional.of(
        new MfaPending(
            parts[0].equals("-") ? null : parts[0],
            Instant.ofEpochSecond(Long.parseLong(parts[1])),
            parts[2]));
  }

  public boolean expired(Instant now) {
    return !expiresAt.isAfter(now);
  }

  /** The cookie's value. */
  public String value() {
    return (org == null ? "-" : org) + "~" + expiresAt.getEpochSecond() + "~" + challenge;
  }

  public Cookie cookie(Instant now, boolean secure) {
    Duration left = Duration.between(now, expiresAt);
    return base(value(), secure).maxAge(Math.max(1, left.toSeconds()));
  }

  public static Cookie clear(boolean secure) {
    return base("", secure).maxAge(0);
  }

  private static Cookie base(String value, boolean secure) {
    return Cookie.of(NAME, value)
        .path(PATH)
        .httpOnly(true)
        .secure(secure)
        .sameSite(SameSite.Strict);
  }

  @Override
  public String toString() {
    return "MfaPending[org=" + org + ", expiresAt=" + expiresAt + "]";
  }
}
