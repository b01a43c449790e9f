package dev.palisade.tenancy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * An organization as registered in the install database.
 *
 * @param requireMfa members must enrol a second factor before they can use anything else
 */
public record Organization(
    UUID id,
    String slug,
    String name,
    String timezone,
    String locale,
    String databaseName,
    Instant createdAt,
    Instant updatedAt,
    boolean requireMfa) {

  public Organization {
    requireNonNull(id, "id is null");
    requireNonNull(slug, "slug is null");
    requireNonNull(name, "name is null");
    requireNonNull(timezone, "timezone is null");
    requireNonNull(locale, "locale is null");
    requireNonNull(databaseName, "databaseName is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
