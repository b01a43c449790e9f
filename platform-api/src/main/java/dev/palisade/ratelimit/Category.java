package dev.palisade.ratelimit;

import io.micronaut.http.HttpMethod;
import java.util.Locale;
import java.util.Set;

/**
 * What a request is, for rate limiting. Sign-in (both steps), setup, invitation acceptance and
 * password reset ({@link #AUTH}) are limited per client address, everything else per identity when
 * the request carries a valid token (per address when it does not).
 */
public enum Category {
  AUTH,
  WRITE,
  READ,
  EXPORT,
  VERIFY;

  private static final Set<String> AUTH_PATHS =
      Set.of(
          "/api/v1/auth/login",
          "/api/v1/auth/login/mfa",
          "/api/v1/setup",
          "/api/v1/invitations/accept",
          "/api/v1/install/admins/invitations/accept",
          "/api/v1/password-reset",
          "/console/sign-in",
          "/console/sign-in/mfa",
          "/console/password-reset",
          "/console/install-admin-invitation",
          "/console/invitation");

  /** The name used in settings, headers and metric labels. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The category of a request, from its method and path alone. */
  public static Category of(HttpMethod method, String path) {
    boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD;
    if (!reads && AUTH_PATHS.contains(path)) {
      return AUTH;
    }
    if (path.endsWith("/export")) {
      return EXPORT;
    }
    if (path.endsWith("/verify")) {
      return VERIFY;
    }
    return reads ? READ : WRITE;
  }
}
