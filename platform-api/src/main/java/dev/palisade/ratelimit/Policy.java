package dev.palisade.ratelimit;

import static java.util.Objects.requireNonNull;

/**
 * The bucket of one category: up to {@code burst} requests at once, refilled at {@code perMinute}
 * requests a minute.
 */
public record Policy(Category category, int burst, int perMinute) {
  public Policy {
    requireNonNull(category, "category is null");
    if (burst < 1 || perMinute < 1) {
      throw new IllegalArgumentException(category.value() + ": burst and per-minute must be >= 1");
    }
  }

  /** Tokens added per nanosecond. */
  double refillPerNano() {
    return perMinute / 60e9;
  }

  /** Seconds an empty bucket takes to fill up, the window of the {@code RateLimit-Policy}. */
  long windowSeconds() {
    return Math.max(1, (long) Math.ceil(burst * 60.0 / perMinute));
  }

  /** The {@code RateLimit-Policy} header value (draft-ietf-httpapi-ratelimit-headers). */
  String header() {
    return "\"" + category.value() + "\";q=" + burst + ";w=" + windowSeconds();
  }
}
