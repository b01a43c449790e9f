package dev.palisade.license;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where an install stands with its license. {@link #usable()} states let organizations be created
 * (within limits); {@link #EXPIRED} and {@link #INVALID} do not. See {@code docs/license.md}.
 */
public enum LicenseState {
  /** No license stored: the evaluation terms apply. */
  EVALUATION,
  VALID,
  /** Within the expiring window before {@code expiresAt}. */
  EXPIRING,
  /** Past {@code expiresAt}, within the grace period. */
  GRACE,
  /** Past the grace period. */
  EXPIRED,
  /** The stored license no longer verifies (vendor key removed, another install's license). */
  INVALID;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean usable() {
    return this != EXPIRED && this != INVALID;
  }

  public static LicenseState parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** The time-based state of a license that verifies. */
  public static LicenseState at(License license, Instant now, Duration expiringWindow) {
    if (!now.isBefore(license.graceEndsAt())) {
      return EXPIRED;
    }
    if (!now.isBefore(license.expiresAt())) {
      return GRACE;
    }
    if (!now.isBefore(license.expiresAt().minus(expiringWindow))) {
      return EXPIRING;
    }
    return VALID;
  }
}
