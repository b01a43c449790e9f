package dev.palisade.console.api;

import static java.util.Objects.requireNonNull;

/**
 * An access token of the platform API. Its {@link #toString()} is redacted so that it cannot reach
 * a log line or an error message by accident; only {@link #value()} reveals it, for the {@code
 * Authorization} header and the session cookie.
 */
public record BearerToken(String value) {
  public BearerToken {
    requireNonNull(value, "value is null");
    if (value.isBlank() || value.length() > 4096) {
      throw new IllegalArgumentException("not a usable token");
    }
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
